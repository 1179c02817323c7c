//go:build !linux

package bench

import "os/exec"

// dieWithParent does nothing where the kernel cannot tie the child's life
// to the benchmark's: the benchmark stops its children itself.
func dieWithParent(*exec.Cmd) {}
