package bench

import (
	"os/exec"
	"syscall"
)

// dieWithParent makes the kernel kill the child when the benchmark's
// process dies without stopping it.
func dieWithParent(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
