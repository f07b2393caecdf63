package tests

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"

	"motionlab/tests/testenv"
)

// The scale-out back ends run for real in their own processes: Debian's
// PostgreSQL (initdb into a temp folder, postgres on 127.0.0.1) and
// versitygw, an S3-compatible gateway built from the Go module proxy by
// `make s3server` (a pinned go install into .cache/bin).

// needTool fails the test in CI (everything must run there) and skips it
// elsewhere with the reason.
func needTool(t *testing.T, format string, args ...any) {
	t.Helper()
	msg := fmt.Sprintf(format, args...)
	if os.Getenv("CI") != "" {
		t.Fatal(msg)
	}
	t.Skip(msg + " (skipped outside CI)")
}

// pgBin finds a PostgreSQL server program: Debian keeps them off the PATH
// in /usr/lib/postgresql/VERSION/bin.
func pgBin(t *testing.T, name string) string {
	t.Helper()
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool {
		vi, _ := strconv.Atoi(filepath.Base(filepath.Dir(dirs[i])))
		vj, _ := strconv.Atoi(filepath.Base(filepath.Dir(dirs[j])))
		return vi > vj
	})
	for _, d := range dirs {
		if p := filepath.Join(d, name); fileExists(p) {
			return p
		}
	}
	if p, err := exec.LookPath(name); err == nil {
		return p
	}
	needTool(t, "PostgreSQL's %s not found (Debian package postgresql; `make deps` installs it)", name)
	return ""
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// postgres is a throwaway PostgreSQL server.
type postgres struct {
	port int
	n    atomic.Int32
}

// asPostgresUser runs cmd as the postgres account when the tests run as
// root (initdb and postgres refuse to run as root).
func asPostgresUser(t *testing.T, cmd *exec.Cmd, dir string) {
	t.Helper()
	if os.Geteuid() != 0 {
		return
	}
	u, err := user.Lookup("postgres")
	if err != nil {
		needTool(t, "running as root needs the postgres account (Debian package postgresql): %v", err)
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	if dir != "" {
		if err := os.Chown(dir, uid, gid); err != nil {
			t.Fatal(err)
		}
	}
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}}
	if cmd.Dir == "" {
		// The postgres account may not be able to enter the test's folder
		// (a checkout under /root, say).
		cmd.Dir = os.TempDir()
	}
}

// startPostgres runs initdb and postgres on 127.0.0.1 on a free port and
// stops the server when the test ends.
func startPostgres(t *testing.T) *postgres {
	t.Helper()
	initdb, server := pgBin(t, "initdb"), pgBin(t, "postgres")
	// Not t.TempDir: its parents are private to the test's user, and the
	// server may run as the postgres account.
	dir, err := os.MkdirTemp("", "motionlab-pg-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	data := filepath.Join(dir, "data")
	if err := os.Mkdir(data, 0o700); err != nil {
		t.Fatal(err)
	}
	asPostgresUser(t, exec.Command("true"), dir)
	cmd := exec.Command(initdb, "-D", data, "-U", "motionlab", "--auth=trust", "-E", "UTF8", "--no-sync")
	asPostgresUser(t, cmd, data)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("initdb: %v\n%s", err, out)
	}
	port := freePort(t)
	logs := &bytes.Buffer{}
	// fsync off: the test's server is thrown away; durability is
	// PostgreSQL's own business.
	srv := exec.Command(server, "-D", data, "-p", strconv.Itoa(port), "-k", dir,
		"-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "max_connections=200")
	asPostgresUser(t, srv, "")
	srv.Stdout, srv.Stderr = logs, logs
	if err := srv.Start(); err != nil {
		t.Fatalf("start postgres: %v", err)
	}
	done := make(chan struct{})
	go func() { srv.Wait(); close(done) }()
	t.Cleanup(func() {
		srv.Process.Signal(syscall.SIGINT) // fast shutdown
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			srv.Process.Kill()
			<-done
		}
		if t.Failed() {
			t.Logf("postgres log:\n%s", logs)
		}
	})
	pg := &postgres{port: port}
	deadline := time.Now().Add(30 * time.Second)
	for {
		db, err := sql.Open("pgx", pg.url("postgres"))
		if err == nil {
			err = db.Ping()
			db.Close()
		}
		if err == nil {
			return pg
		}
		select {
		case <-done:
			t.Fatalf("postgres exited:\n%s", logs)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("postgres not ready: %v\n%s", err, logs)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func (pg *postgres) url(db string) string {
	return fmt.Sprintf("postgres://motionlab@127.0.0.1:%d/%s?sslmode=disable", pg.port, db)
}

// newDB creates an empty database and returns its URL.
func (pg *postgres) newDB(t *testing.T) string {
	t.Helper()
	name := fmt.Sprintf("motionlab_%d", pg.n.Add(1))
	db, err := sql.Open("pgx", pg.url("postgres"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec("CREATE DATABASE " + name); err != nil {
		t.Fatalf("create database: %v", err)
	}
	return pg.url(name)
}

func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// s3server is a versitygw gateway over a temp folder.
type s3server struct {
	endpoint      string
	access, secre string
	dataDir       string // the gateway's posix folder: one subfolder per bucket
}

// s3Env are the credentials MotionLab's processes read.
func (s *s3server) env() []string {
	return []string{"AWS_ACCESS_KEY_ID=" + s.access, "AWS_SECRET_ACCESS_KEY=" + s.secre}
}

// blobsURL names a bucket on the gateway (MotionLab creates it).
func (s *s3server) blobsURL(bucket string) string {
	return "s3://" + bucket + "?endpoint=" + s.endpoint + "&secure=false"
}

func startS3(t *testing.T) *s3server {
	t.Helper()
	bin := os.Getenv("MOTIONLAB_S3_SERVER")
	if bin == "" {
		bin = filepath.Join(testenv.Root(t), ".cache", "bin", "versitygw")
	}
	if !fileExists(bin) {
		needTool(t, "S3 server %s not built (run `make s3server`)", bin)
	}
	dir := t.TempDir()
	data, side := filepath.Join(dir, "data"), filepath.Join(dir, "meta")
	os.Mkdir(data, 0o750)
	os.Mkdir(side, 0o750)
	s := &s3server{endpoint: "127.0.0.1:" + strconv.Itoa(freePort(t)), access: "motionlabtest", secre: "motionlab-test-secret-0123456789", dataDir: data}
	logs := &bytes.Buffer{}
	cmd := exec.Command(bin, "--access", s.access, "--secret", s.secre, "--port", s.endpoint, "--quiet",
		"posix", "--sidecar", side, data)
	cmd.Stdout, cmd.Stderr = logs, logs
	if err := cmd.Start(); err != nil {
		t.Fatalf("start S3 server: %v", err)
	}
	done := make(chan struct{})
	go func() { cmd.Wait(); close(done) }()
	t.Cleanup(func() {
		cmd.Process.Signal(os.Interrupt)
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			cmd.Process.Kill()
			<-done
		}
		if t.Failed() {
			t.Logf("S3 server log:\n%s", logs)
		}
	})
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case <-done:
			t.Fatalf("S3 server exited:\n%s", logs)
		default:
		}
		// Any HTTP answer (403 for an anonymous request) means it serves.
		if resp, err := http.Get("http://" + s.endpoint + "/"); err == nil {
			resp.Body.Close()
			return s
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("S3 server not ready:\n%s", logs)
	return nil
}

// backendEnv points every motionlab process the test starts (servers and
// `keys` commands inherit the environment) at PostgreSQL and S3.
func backendEnv(t *testing.T, dbURL string, s3 *s3server, bucket string) {
	t.Helper()
	t.Setenv("MOTIONLAB_DB", dbURL)
	t.Setenv("MOTIONLAB_BLOBS", s3.blobsURL(bucket))
	for _, kv := range s3.env() {
		k, v, _ := cutEnv(kv)
		t.Setenv(k, v)
	}
}

func cutEnv(kv string) (string, string, bool) {
	for i := 0; i < len(kv); i++ {
		if kv[i] == '=' {
			return kv[:i], kv[i+1:], true
		}
	}
	return kv, "", false
}

// shortClip cuts seconds of a test video, from a start time, into a temp file:
// enough frames for the running metrics, quick to analyse.
func shortClip(t *testing.T, src string, from, seconds float64) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "clip.mp4")
	cmd := exec.CommandContext(context.Background(), "ffmpeg", "-v", "error", "-ss", strconv.FormatFloat(from, 'f', 2, 64), "-i", src, "-t", strconv.FormatFloat(seconds, 'f', 2, 64),
		"-an", "-c:v", "libx264", "-preset", "ultrafast", "-crf", "20", "-pix_fmt", "yuv420p", out)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("ffmpeg: %v\n%s", err, b)
	}
	return out
}
