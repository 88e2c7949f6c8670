//go:build tools

// Package tools pins mox v0.0.17, the real mail server the integration tests
// run on loopback. A wrapper module is needed because the module proxy refuses
// mox's version list, which `go install pkg@version` consults (build.md §6.1).
package tools

import _ "github.com/mjl-/mox"
