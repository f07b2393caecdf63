package tests

import (
	"bytes"
	"encoding/base64"
	bin "encoding/binary"
	"encoding/json"
	"hash/crc32"
	"image"
	_ "image/jpeg" // DecodeConfig of the test photo
	"image/png"
	"io"
	"net/http"
	"os"
	"strings"
	"testing"

	"motionlab/tests/testenv"
)

// postImage sends r as the multipart field "image" to /v1/images.
func (c apiClient) postImage(t *testing.T, name string, r io.Reader) (*http.Response, []byte) {
	t.Helper()
	body, ctype := multipartBody("image", name, r, nil)
	return c.do(t, http.MethodPost, "/v1/images", body, ctype)
}

func TestImageAnalysis(t *testing.T) {
	s := startServer(t)
	c := apiClient{s.URL, ""}
	path := testenv.Data(t, "images/000000000872.jpg")
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	cfg, _, err := image.DecodeConfig(f)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(path)
	resp, body := c.postImage(t, "872.jpg", bytes.NewReader(data))
	if resp.StatusCode != 200 {
		t.Fatalf("images: %d %s", resp.StatusCode, body)
	}
	var r struct {
		Width, Height int
		Subject       int
		Layout        []string
		People        []struct {
			Keypoints []struct{ X, Y, Visibility float64 }
		}
		Angles  map[string]float64
		Overlay struct {
			Type    string
			DataURL string `json:"dataUrl"`
		} `json:"image_overlay"`
	}
	if err := json.Unmarshal(body, &r); err != nil {
		t.Fatal(err)
	}
	if r.Width != cfg.Width || r.Height != cfg.Height || r.Subject != 0 || len(r.People) == 0 || len(r.People[0].Keypoints) != 33 || len(r.Layout) != 33 {
		t.Fatalf("%dx%d subject %d, %d people, layout %d", r.Width, r.Height, r.Subject, len(r.People), len(r.Layout))
	}
	if _, ok := r.Angles["left_knee"]; !ok {
		t.Errorf("angles %v lack left_knee", r.Angles)
	}
	const prefix = "data:image/png;base64,"
	if r.Overlay.Type != "image_overlay" || !strings.HasPrefix(r.Overlay.DataURL, prefix) {
		t.Fatalf("overlay %q %.40s", r.Overlay.Type, r.Overlay.DataURL)
	}
	raw, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(r.Overlay.DataURL, prefix))
	if err != nil {
		t.Fatal(err)
	}
	over, err := png.Decode(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	if b := over.Bounds(); b.Dx() != cfg.Width || b.Dy() != cfg.Height {
		t.Errorf("overlay %v, photo %dx%d", b, cfg.Width, cfg.Height)
	}

	// Bad inputs: each a clear error, and the server keeps serving.
	resp, body = c.postImage(t, "notes.jpg", strings.NewReader("this is text"))
	wantError(t, "text as image", resp, body, 422, "invalid_image")
	resp, body = c.postImage(t, "big.jpg", io.LimitReader(zeroReader{}, 16<<20))
	wantError(t, "16 MB image", resp, body, 413, "file_too_large")
	// A PNG declaring 20000×20000 pixels (a decompression bomb) is refused
	// before decoding.
	var bomb bytes.Buffer
	png.Encode(&bomb, image.NewGray(image.Rect(0, 0, 1, 1)))
	b := bomb.Bytes()
	copy(b[16:24], []byte{0, 0, 0x4e, 0x20, 0, 0, 0x4e, 0x20}) // IHDR width, height = 20000
	bin.BigEndian.PutUint32(b[29:33], crc32.ChecksumIEEE(b[12:29]))
	resp, body = c.postImage(t, "bomb.png", bytes.NewReader(b))
	wantError(t, "20000×20000 PNG", resp, body, 422, "image_too_large")
	resp, body = c.postImage(t, "astronaut.png", bytes.NewReader(mustRead(t, testenv.Data(t, "images/astronaut.png"))))
	if resp.StatusCode != 200 {
		t.Errorf("after bad inputs: %d %s", resp.StatusCode, body)
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
