package video

import (
	"os/exec"
	"syscall"
	"testing"

	"golang.org/x/sys/unix"
)

// The pipes to and from ffmpeg take a frame in one or two writes.
func TestWidenPipe(t *testing.T) {
	cmd := exec.Command("cat")
	in, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	for name, p := range map[string]any{"stdin": in, "stdout": out} {
		widenPipe(p)
		rc, err := p.(syscall.Conn).SyscallConn()
		if err != nil {
			t.Fatal(err)
		}
		var size int
		rc.Control(func(fd uintptr) { size, err = unix.FcntlInt(fd, unix.F_GETPIPE_SZ, 0) })
		if err != nil || size != pipeSize {
			t.Errorf("%s pipe: %d bytes (%v), want %d", name, size, err, pipeSize)
		}
	}
}
