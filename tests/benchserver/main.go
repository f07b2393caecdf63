// Command benchserver measures the server end to end on one clip, the way
// issue 19 states its goals, each figure next to its peer from the same
// run (the machine is noisy; the ratios hold):
//
//   - ffmpeg decode-only frames/s (1 thread) and /infer/video frames/s, and
//     their ratio;
//   - POST /v1/analyses → results → annotated video, in seconds and as a
//     multiple of the clip's length;
//   - the server's peak RSS over both (VmHWM), and the encoder's (the
//     ffmpeg child that writes the annotated video) sampled while it runs.
//
// make bench runs it on the 10 s 1080p clip.
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"mime/multipart"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"motionlab/shared/stream"
)

func main() {
	bin := flag.String("bin", "bin/motionlab", "the motionlab binary")
	clip := flag.String("clip", ".cache/bench/sports2d_1080p_10s.mp4", "the clip")
	logs := flag.String("logs", "", "also write the server's log to this file (where its jobs' time goes)")
	flag.Parse()
	if err := run(*bin, *clip, *logs); err != nil {
		fmt.Fprintln(os.Stderr, "benchserver:", err)
		os.Exit(1)
	}
}

func run(bin, clip, logs string) error {
	dur, err := duration(clip)
	if err != nil {
		return err
	}
	decode, err := decodeFPS(clip)
	if err != nil {
		return err
	}
	s, err := start(bin)
	if err != nil {
		return err
	}
	defer func() {
		s.stop()
		if logs != "" {
			os.WriteFile(logs, s.logs.Bytes(), 0o644)
		}
	}()
	infer, err := s.inferFPS(clip)
	if err != nil {
		return err
	}
	fmt.Printf("decode-only (ffmpeg, 1 thread): %.1f frames/s\n", decode)
	fmt.Printf("/infer/video: %.1f frames/s = %.2f × decode-only\n", infer, infer/decode)
	res, video, enc, err := s.analyse(clip)
	if err != nil {
		return err
	}
	fmt.Printf("upload → results: %.1f s = %.2f × the clip (%.1f s)\n", res, res/dur, dur)
	fmt.Printf("upload → annotated video: %.1f s = %.2f × the clip\n", video, video/dur)
	hwm, err := s.peakRSS()
	if err != nil {
		return err
	}
	fmt.Printf("server peak RSS: %d MB; annotated-video encoder (ffmpeg child) peak RSS: %d MB\n", hwm/1024, enc/1024)
	return nil
}

func duration(clip string) (float64, error) {
	out, err := exec.Command("ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", clip).Output()
	if err != nil {
		return 0, fmt.Errorf("ffprobe %s: %w", clip, err)
	}
	return strconv.ParseFloat(strings.TrimSpace(string(out)), 64)
}

// decodeFPS decodes clip with ffmpeg on one thread, discarding the frames.
func decodeFPS(clip string) (float64, error) {
	t := time.Now()
	out, err := exec.Command("ffmpeg", "-v", "error", "-threads", "1", "-i", clip, "-map", "0:v:0", "-f", "null", "-").CombinedOutput()
	if err != nil {
		return 0, fmt.Errorf("ffmpeg decode %s: %w: %s", clip, err, out)
	}
	el := time.Since(t).Seconds()
	n, err := exec.Command("ffprobe", "-v", "error", "-count_packets", "-select_streams", "v:0", "-show_entries", "stream=nb_read_packets", "-of", "csv=p=0", clip).Output()
	if err != nil {
		return 0, fmt.Errorf("ffprobe frames: %w", err)
	}
	frames, err := strconv.Atoi(strings.TrimSpace(string(n)))
	return float64(frames) / el, err
}

type server struct {
	url, key, data string
	cmd            *exec.Cmd
	logs           bytes.Buffer
}

func start(bin string) (*server, error) {
	data, err := os.MkdirTemp("", "benchserver-")
	if err != nil {
		return nil, err
	}
	s := &server{data: data}
	out, err := exec.Command(bin, "keys", "create", "--name", "bench", "--data", data).Output()
	if err != nil {
		return nil, fmt.Errorf("keys create: %w", err)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	s.key = lines[len(lines)-1]
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	addr := l.Addr().String()
	l.Close()
	s.url = "http://" + addr
	s.cmd = exec.Command(bin, "serve", "--addr", addr, "--data", data, "--rate-per-minute", "100000")
	s.cmd.Stdout, s.cmd.Stderr = &s.logs, &s.logs
	if err := s.cmd.Start(); err != nil {
		return nil, err
	}
	for deadline := time.Now().Add(2 * time.Minute); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if r, err := http.Get(s.url + "/health"); err == nil {
			r.Body.Close()
			if r.StatusCode == http.StatusOK {
				return s, nil
			}
		}
	}
	s.stop()
	return nil, fmt.Errorf("server not healthy after 2 min:\n%s", s.logs.String())
}

func (s *server) stop() {
	s.cmd.Process.Signal(os.Interrupt)
	done := make(chan struct{})
	go func() { s.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		s.cmd.Process.Kill()
	}
	os.RemoveAll(s.data)
}

// post sends clip as the multipart field to path.
func (s *server) post(path, field, clip string, fields map[string]string) (*http.Response, error) {
	f, err := os.Open(clip)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	fw, err := mw.CreateFormFile(field, filepath.Base(clip))
	if err != nil {
		return nil, err
	}
	if _, err := io.Copy(fw, f); err != nil {
		return nil, err
	}
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, s.url+path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+s.key)
	return http.DefaultClient.Do(req)
}

// inferFPS is the frames/s of the last progress event of /infer/video.
func (s *server) inferFPS(clip string) (float64, error) {
	resp, err := s.post("/infer/video", "file", clip, nil)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(resp.Body)
		return 0, fmt.Errorf("/infer/video: %d %s", resp.StatusCode, b)
	}
	var fps float64
	err = stream.Read(resp.Body, func(m stream.Message) error {
		var e struct {
			Type    string
			FPS     float64
			Message string
		}
		if err := json.Unmarshal(m.Data, &e); err != nil {
			return err
		}
		switch e.Type {
		case "progress":
			fps = e.FPS
		case "error":
			return errors.New(e.Message)
		}
		return nil
	})
	return fps, err
}

// analyse uploads clip and waits for its results, then its annotated video;
// meanwhile it samples the RSS of the server's ffmpeg children.
func (s *server) analyse(clip string) (results, video float64, encRSS int, err error) {
	t := time.Now()
	resp, err := s.post("/v1/analyses", "video", clip, map[string]string{"activity": "running"})
	if err != nil {
		return 0, 0, 0, err
	}
	var st struct{ ID, Status, Detail string }
	json.NewDecoder(resp.Body).Decode(&st)
	resp.Body.Close()
	if st.ID == "" {
		return 0, 0, 0, fmt.Errorf("upload: %d %+v", resp.StatusCode, st)
	}
	for deadline := t.Add(5 * time.Minute); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		encRSS = max(encRSS, childRSS(s.cmd.Process.Pid))
		var r struct {
			Status, Detail string
			Annotated      string `json:"annotated_video_url"`
		}
		req, _ := http.NewRequest(http.MethodGet, s.url+"/v1/analyses/"+st.ID+"/results", nil)
		req.Header.Set("Authorization", "Bearer "+s.key)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return 0, 0, 0, err
		}
		json.NewDecoder(resp.Body).Decode(&r)
		resp.Body.Close()
		switch {
		case r.Status == "failed":
			return 0, 0, 0, fmt.Errorf("analysis failed: %s", r.Detail)
		case r.Status == "success" && results == 0:
			results = time.Since(t).Seconds()
		}
		if r.Annotated != "" {
			return results, time.Since(t).Seconds(), encRSS, nil
		}
	}
	return 0, 0, 0, fmt.Errorf("no annotated video after 5 min:\n%s", s.logs.String())
}

var hwmLine = regexp.MustCompile(`(?m)^VmHWM:\s+(\d+) kB`)
var rssLine = regexp.MustCompile(`(?m)^VmRSS:\s+(\d+) kB`)

// peakRSS is the server's peak resident memory (KB).
func (s *server) peakRSS() (int, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", s.cmd.Process.Pid))
	if err != nil {
		return 0, err
	}
	m := hwmLine.FindSubmatch(b)
	if m == nil {
		return 0, errors.New("no VmHWM in /proc status")
	}
	return strconv.Atoi(string(m[1]))
}

// childRSS is the summed resident memory (KB) of pid's child processes
// (any of its threads may have started them).
func childRSS(pid int) int {
	files, _ := filepath.Glob(fmt.Sprintf("/proc/%d/task/*/children", pid))
	sum := 0
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			continue
		}
		for _, child := range strings.Fields(string(b)) {
			st, err := os.ReadFile("/proc/" + child + "/status")
			if err != nil {
				continue
			}
			if m := rssLine.FindSubmatch(st); m != nil {
				n, _ := strconv.Atoi(string(m[1]))
				sum += n
			}
		}
	}
	return sum
}
