package opcua

import (
	"errors"
	"fmt"
	"strings"

	"github.com/gopcua/opcua/ua"

	"github.com/gohmi/gohmi/tags"
)

// severity masks the two top bits of a status code: 00 Good, 01 Uncertain,
// 10 and 11 Bad (Part 4, 7.39).
const severity = 0xC0000000

// Quality maps an OPC UA status code to a tag quality and the reason the
// quality is not Good: the code's name as the specification spells it,
// like "BadNodeIdUnknown" or "UncertainLastUsableValue". Good codes give
// an empty reason.
func Quality(code ua.StatusCode) (tags.Quality, string) {
	switch uint32(code) & severity {
	case 0:
		return tags.Good, ""
	case 0x40000000:
		return tags.Uncertain, StatusName(code)
	}
	return tags.Bad, StatusName(code)
}

// StatusName is the specification's name of a status code
// ("BadNotWritable"), or its hex value when unknown ("0x80AB0000"). The
// info bits (the low 16) are ignored when the full code is not known.
func StatusName(code ua.StatusCode) string {
	d, ok := ua.StatusCodes[code]
	if !ok {
		d, ok = ua.StatusCodes[code&0xFFFF0000]
	}
	if !ok {
		return fmt.Sprintf("0x%08X", uint32(code))
	}
	return specName.Replace(strings.TrimPrefix(d.Name, "Status"))
}

// specName undoes gopcua's Go-style initialisms in status code names:
// the specification writes BadNodeIdUnknown, BadServerUriInvalid,
// BadTcpServerTooBusy.
var specName = strings.NewReplacer("ID", "Id", "URI", "Uri", "URL", "Url", "TCP", "Tcp")

// StatusError is a status code a server answered with, as an error that
// reads "BadNotWritable: The access level does not allow writing to the
// Node." It unwraps to the ua.StatusCode, so errors.Is(err,
// ua.StatusBadNotWritable) works.
type StatusError struct{ Code ua.StatusCode }

func (e *StatusError) Error() string {
	name := StatusName(e.Code)
	if d, ok := ua.StatusCodes[e.Code]; ok && d.Text != "" {
		return name + ": " + d.Text
	}
	return name
}

// Unwrap returns the status code.
func (e *StatusError) Unwrap() error { return e.Code }

// errText is an error's message with gopcua's status codes named as in
// the specification. A ua.StatusCode error reads "The node id refers to a
// node that does not exist ... StatusBadNodeIDUnknown (0x80340000)".
func errText(err error) string {
	var code ua.StatusCode
	if errors.As(err, &code) {
		return strings.Replace(err.Error(), code.Error(), (&StatusError{code}).Error(), 1)
	}
	return err.Error()
}
