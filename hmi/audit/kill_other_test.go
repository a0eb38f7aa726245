//go:build !unix

package audit_test

// childMain: the kill -9 test runs on Unix only.
func childMain() bool { return false }
