package hmi

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"

	"github.com/gohmi/gohmi/gopage"
	"github.com/gohmi/gohmi/style"
)

func (p *Project) loadScreens(errs *gopage.ErrorList, prev *Project) {
	parsed := map[string]*Screen{}
	if prev != nil {
		for _, s := range prev.Screens {
			parsed[s.File] = s
		}
	}
	dir := filepath.Join(p.Dir, p.ScreensDir)
	entries, err := os.ReadDir(dir)
	if err != nil {
		if !p.broken { // else the project may name another directory
			errs.Add(gopage.Pos{Filename: filepath.Join(p.Dir, ProjectFile)}, fmt.Sprintf("screens directory: %v", unwrapPathError(err)))
		}
		return
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].Name() < entries[j].Name() })
	for _, e := range entries {
		if e.IsDir() || filepath.Ext(e.Name()) != ".gopage" {
			continue
		}
		file := filepath.Join(dir, e.Name())
		src, err := readLimited(file, gopage.MaxFileSize)
		if err != nil {
			addReadError(errs, err, gopage.Pos{Filename: file}, "")
			p.unread = true
			continue
		}
		sum := sha256.Sum256(src)
		if old := parsed[file]; old != nil && old.sum == sum {
			*errs = append(*errs, old.errs...)
			reused := *old // its Sheets are set anew: the last good project keeps its own
			p.Screens = append(p.Screens, &reused)
			continue
		}
		page, err := gopage.Parse(file, src)
		var list gopage.ErrorList
		if err != nil && !errors.As(err, &list) {
			list.Add(gopage.Pos{Filename: file}, err.Error())
		}
		*errs = append(*errs, list...)
		if page != nil {
			p.Screens = append(p.Screens, &Screen{File: file, Page: page, sum: sum, errs: list})
		}
	}
}

// loadSheets parses the project's style sheets: the .css files directly in
// the styles directory (a screen's own sheets, under it or elsewhere, are
// loaded by loadScreenSheets).
func (p *Project) loadSheets(errs *gopage.ErrorList, prev *Project) {
	entries, err := os.ReadDir(filepath.Join(p.Dir, p.StylesDir))
	if err != nil {
		if !errors.Is(err, fs.ErrNotExist) {
			errs.Add(gopage.Pos{Filename: filepath.Join(p.Dir, ProjectFile)}, fmt.Sprintf("styles directory: %v", unwrapPathError(err)))
		}
		return
	}
	for _, e := range entries {
		if !e.IsDir() && filepath.Ext(e.Name()) == ".css" {
			p.Sheets = append(p.Sheets, p.sheet(filepath.Join(p.Dir, p.StylesDir, e.Name()), gopage.Pos{}, errs, prev))
		}
	}
}

// sheet parses one style sheet, reusing prev's parse when the file is
// unchanged. ref, when valid, is where the sheet is named (a screen's
// styles: list): a sheet that cannot be read is reported there.
func (p *Project) sheet(file string, ref gopage.Pos, errs *gopage.ErrorList, prev *Project) *Sheet {
	src, err := readLimited(file, maxSheetFile)
	if err != nil {
		if ref.IsValid() {
			addReadError(errs, err, ref, "style sheet "+file)
		} else {
			addReadError(errs, err, gopage.Pos{Filename: file}, "")
		}
		return &Sheet{File: file, Sheet: &style.Sheet{}}
	}
	sum := sha256.Sum256(src)
	if prev != nil {
		for _, old := range prev.allSheets() {
			if old.File == file && old.sum == sum {
				*errs = append(*errs, old.errs...)
				return old
			}
		}
	}
	sh, err := style.Parse(file, src)
	var list gopage.ErrorList
	if err != nil && !errors.As(err, &list) {
		list.Add(gopage.Pos{Filename: file}, err.Error())
	}
	*errs = append(*errs, list...)
	if sh == nil {
		sh = &style.Sheet{}
	}
	return &Sheet{File: file, Sheet: sh, sum: sum, errs: list}
}

// loadScreenSheets parses each screen's own sheets (`styles:`, paths
// relative to the project directory).
func (p *Project) loadScreenSheets(errs *gopage.ErrorList, prev *Project) {
	for _, s := range p.Screens {
		s.Sheets = nil
		for _, rel := range s.Page.Styles {
			s.Sheets = append(s.Sheets, p.sheet(filepath.Join(p.Dir, rel), s.Page.Pos, errs, prev))
		}
	}
}

// allSheets is the project's sheets and every screen's own.
func (p *Project) allSheets() []*Sheet {
	all := slices.Clone(p.Sheets)
	for _, s := range p.Screens {
		all = append(all, s.Sheets...)
	}
	return all
}

func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
