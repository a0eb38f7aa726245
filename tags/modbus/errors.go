package modbus

import (
	"errors"
	"fmt"

	"github.com/goburrow/modbus"
)

// Exception is a Modbus exception response: the device understood the
// request and refused it. It reads "exception 2 (illegal data address)".
type Exception struct {
	Function byte // the request's function code
	Code     byte
}

var exceptionNames = map[byte]string{
	1: "illegal function", 2: "illegal data address", 3: "illegal data value",
	4: "server device failure", 5: "acknowledge", 6: "server device busy",
	8: "memory parity error", 10: "gateway path unavailable",
	11: "gateway target device failed to respond",
}

func (e *Exception) Error() string {
	name, ok := exceptionNames[e.Code]
	if !ok {
		name = "unknown exception"
	}
	return fmt.Sprintf("exception %d (%s)", e.Code, name)
}

// ProtocolError is a response that does not match its request, such as
// one holding fewer registers than asked for. The connection stays up.
type ProtocolError struct{ Msg string }

func (e *ProtocolError) Error() string { return "protocol error: " + e.Msg }

// errorKind classifies a request's error: exceptions and protocol errors
// leave the connection usable; anything else (timeouts, resets, frames
// that do not parse) means the byte stream can no longer be trusted.
func transportFailed(err error) bool {
	var pe *ProtocolError
	return err != nil && !errors.As(err, new(*Exception)) && !errors.As(err, &pe)
}

// fromLib converts goburrow's exception error to an [Exception].
func fromLib(err error) error {
	var me *modbus.ModbusError
	if errors.As(err, &me) {
		return &Exception{Function: me.FunctionCode &^ 0x80, Code: me.ExceptionCode}
	}
	return err
}
