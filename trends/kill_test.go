//go:build unix

package trends_test

func childMain() bool { return false }
