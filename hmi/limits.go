package hmi

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/gohmi/gohmi/gopage"
)

// Limits on the files of a project, checked before a file is read, so that
// no file can make a load or reload take unbounded memory or time. A screen
// file's limit is [gopage.MaxFileSize]; every string in these files is at
// most [gopage.MaxText] bytes, like a screen's.
const (
	maxProjectFile = 4 << 20 // hmi.yaml: 10,000 tags at ~150 bytes
	maxSheetFile   = 1 << 20 // a style sheet
	maxFixtureFile = 4 << 20 // a fixture: a value for each tag
)

// readLimited reads file if it is a regular file of at most limit bytes. A
// larger file gives a *gopage.Error at file:1:1 naming the limit and the
// size. It stats before opening, so that a named pipe in the project
// cannot block the reload, and reads through a LimitReader, so that a file
// that grows meanwhile cannot either.
func readLimited(file string, limit int64) ([]byte, error) {
	st, err := os.Stat(file)
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, &os.PathError{Op: "read", Path: file, Err: errors.New("not a regular file")}
	}
	if st.Size() > limit {
		return nil, gopage.TooLarge(file, st.Size(), limit)
	}
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	src, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(src)) > limit {
		return nil, gopage.TooLarge(file, int64(len(src)), limit)
	}
	return src, nil
}

// addReadError adds the error of readLimited: a size error as it is, any
// other with its position and context.
func addReadError(errs *gopage.ErrorList, err error, at gopage.Pos, context string) {
	var big *gopage.Error
	if errors.As(err, &big) {
		*errs = append(*errs, big)
		return
	}
	msg := unwrapPathError(err).Error()
	if context != "" {
		msg = fmt.Sprintf("%s: %s", context, msg)
	}
	errs.Add(at, msg)
}

// maxHashed is how much of a file the watcher and the reloader hash to see
// whether it changed: more than any limit above, so that every file that
// can load is hashed whole.
const maxHashed = 8 << 20

// hashFile hashes a regular file's content, streaming at most maxHashed
// bytes, so that a huge file costs neither memory nor unbounded time, and a
// named pipe is never opened (opening one blocks until a writer comes).
func hashFile(file string) ([32]byte, error) {
	st, err := os.Stat(file)
	if err != nil {
		return [32]byte{}, err
	}
	if !st.Mode().IsRegular() {
		return [32]byte{}, &os.PathError{Op: "read", Path: file, Err: errors.New("not a regular file")}
	}
	f, err := os.Open(file)
	if err != nil {
		return [32]byte{}, err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, io.LimitReader(f, maxHashed)); err != nil {
		return [32]byte{}, err
	}
	var sum [32]byte
	h.Sum(sum[:0])
	return sum, nil
}
