package journal_test

func childMain() bool { return false }
