//go:build !unix

package testpeers

import "syscall"

func sysProcAttr() *syscall.SysProcAttr { return nil }
