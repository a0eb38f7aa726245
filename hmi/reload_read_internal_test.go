package hmi

import (
	"crypto/sha256"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// TestChangedFilesUsesLoadedHashes: a reload judges what changed from the
// hashes of the bytes load read; it reads from disk only the files load
// does not (hmi.yaml, fixtures). Each case's disk content would give the
// other answer, so a file read again shows.
func TestChangedFilesUsesLoadedHashes(t *testing.T) {
	dir := t.TempDir()
	write := func(rel, src string) {
		t.Helper()
		must(t, os.MkdirAll(filepath.Dir(filepath.Join(dir, rel)), 0o755))
		must(t, os.WriteFile(filepath.Join(dir, rel), []byte(src), 0o644))
	}
	sum := func(s string) [32]byte { return sha256.Sum256([]byte(s)) }
	write("screens/a.gopage", "on disk, edited after load read it")
	write("hmi.yaml", "v2")
	r := &Runtime{proj: &Project{Dir: dir}, hashes: map[string][32]byte{
		"screens/a.gopage": sum("as loaded"),
		"screens/b.gopage": sum("b"),
		"hmi.yaml":         sum("v1"),
		"styles/gone.css":  sum("x"),
	}}
	loaded := map[string][32]byte{
		"screens/a.gopage": sum("as loaded"), // unchanged as load saw it: not read again
		"screens/b.gopage": sum("b2"),        // changed as load saw it, though not on disk
	}
	got := r.changedFiles([]string{"hmi.yaml", "screens/a.gopage", "screens/b.gopage", "styles/gone.css"}, loaded)
	if want := []string{"hmi.yaml", "screens/b.gopage", "styles/gone.css"}; !slices.Equal(got, want) {
		t.Errorf("changed %v, want %v", got, want)
	}
	if r.hashes["screens/b.gopage"] != sum("b2") || r.hashes["hmi.yaml"] != sum("v2") {
		t.Error("the new hashes were not remembered")
	}
	if _, ok := r.hashes["styles/gone.css"]; ok {
		t.Error("a deleted file keeps its hash")
	}
}

// TestReloadReadsProjectFileOnce: load hashes the very bytes of hmi.yaml
// it parsed, so changedFiles needs no second read. Between load and
// changedFiles the file on disk changes and then disappears: a second read
// would remember the disk's hash, or call the file deleted.
func TestReloadReadsProjectFileOnce(t *testing.T) {
	dir := t.TempDir()
	v1 := "name: x\nstart: main\n"
	v2 := "name: y\nstart: main\n"
	must(t, os.MkdirAll(filepath.Join(dir, "screens"), 0o755))
	must(t, os.WriteFile(filepath.Join(dir, "screens/main.gopage"), []byte("root: { type: label, text: hi }\n"), 0o644))
	must(t, os.WriteFile(filepath.Join(dir, ProjectFile), []byte(v2), 0o644))
	p, _ := load(dir, Kinds{}, nil)
	if got := p.fileSums()[ProjectFile]; got != sha256.Sum256([]byte(v2)) {
		t.Fatalf("fileSums has no hash of hmi.yaml as read: %x", got)
	}
	must(t, os.WriteFile(filepath.Join(dir, ProjectFile), []byte("name: z\nstart: main\n"), 0o644))
	r := &Runtime{proj: p, hashes: map[string][32]byte{ProjectFile: sha256.Sum256([]byte(v1))}}
	if got := r.changedFiles([]string{ProjectFile}, p.fileSums()); !slices.Equal(got, []string{ProjectFile}) {
		t.Errorf("changed %v, want hmi.yaml", got)
	}
	if r.hashes[ProjectFile] != sha256.Sum256([]byte(v2)) {
		t.Error("hmi.yaml was read again: the remembered hash is not load's")
	}
	must(t, os.Remove(filepath.Join(dir, ProjectFile)))
	if got := r.changedFiles([]string{ProjectFile}, p.fileSums()); len(got) != 0 {
		t.Errorf("changed %v: hmi.yaml was read again (and found deleted)", got)
	}
}
