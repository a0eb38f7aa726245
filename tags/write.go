package tags

import (
	"context"
	"fmt"
	"math"

	"github.com/gohmi/gohmi/internal/suggest"
)

// WriteError is the error of a refused or failed [DB.Write]. Its message
// names the tag: "write Tank1.Setpoint: 120 is above the maximum 100".
type WriteError struct {
	Tag string
	Err error
}

func (e *WriteError) Error() string { return "write " + e.Tag + ": " + e.Err.Error() }

// Unwrap returns the underlying error, such as the driver's.
func (e *WriteError) Unwrap() error { return e.Err }

// Write writes an operator's value to a tag through the driver attached to
// the tag's connection. Before the driver is called, Write checks that the
// tag exists (suggesting a close name when it does not), is writable, that
// v converts to the tag's [Type] (see [Type.Convert]) and that the result
// is a finite number within Min and Max. The driver's error is returned
// wrapped with the tag name. Write does not change the stored value; the
// driver publishes the new value when the device has it.
func (db *DB) Write(ctx context.Context, name string, v any) error {
	def, err := db.writableDef(name)
	if err != nil {
		return &WriteError{Tag: name, Err: err}
	}
	cv, err := checkWrite(def, v)
	if err != nil {
		return &WriteError{Tag: name, Err: err}
	}
	db.mu.Lock()
	d := db.drivers[def.Conn]
	db.mu.Unlock()
	if d == nil {
		return &WriteError{Tag: name, Err: fmt.Errorf("no driver attached to connection %q", def.Conn)}
	}
	if err := d.Write(ctx, name, cv); err != nil {
		return &WriteError{Tag: name, Err: err}
	}
	return nil
}

// writableDef finds the definition of a writable tag.
func (db *DB) writableDef(name string) (Def, error) {
	def, ok := db.Def(name)
	if !ok {
		return Def{}, fmt.Errorf("unknown tag%s", suggest.DidYouMean(name, db.names()))
	}
	if !def.Writable {
		return def, fmt.Errorf("tag is read-only")
	}
	return def, nil
}

// checkWrite converts v to the tag's type and checks its limits.
func checkWrite(def Def, v any) (any, error) {
	cv, err := def.Type.Convert(v)
	if err != nil {
		return nil, err
	}
	f, numeric := toFloat(cv)
	if !numeric || def.Type == Bool {
		return cv, nil
	}
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return nil, fmt.Errorf("%s is not a finite number", formatV(cv))
	}
	if def.Min != nil && f < *def.Min {
		return nil, fmt.Errorf("%s is below the minimum %s", formatV(cv), formatV(*def.Min))
	}
	if def.Max != nil && f > *def.Max {
		return nil, fmt.Errorf("%s is above the maximum %s", formatV(cv), formatV(*def.Max))
	}
	return cv, nil
}
