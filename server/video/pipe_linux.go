package video

import (
	"syscall"

	"golang.org/x/sys/unix"
)

// pipeSize is the buffer asked for the pipes frames cross: Linux's
// default is 64 KiB, so a 1.4 MB frame crossed in ~22 writes, each waking
// the other side; 1 MiB is the most an unprivileged process may ask
// (fs.pipe-max-size's default).
const pipeSize = 1 << 20

// widenPipe raises a pipe's buffer to pipeSize. Best effort: a pipe that
// cannot be resized works as before, only slower.
func widenPipe(p any) {
	c, ok := p.(syscall.Conn)
	if !ok {
		return
	}
	rc, err := c.SyscallConn()
	if err != nil {
		return
	}
	_ = rc.Control(func(fd uintptr) { _, _ = unix.FcntlInt(fd, unix.F_SETPIPE_SZ, pipeSize) })
}
