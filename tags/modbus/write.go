package modbus

import (
	"context"
	"encoding/binary"
	"fmt"
	"math"

	"github.com/goburrow/modbus"

	"github.com/gohmi/gohmi/tags"
)

// Write writes v, a value in engineering units of the tag's type, to the
// device: it converts v to raw units through the tag's Scale, checks that
// the raw value fits the address's format (an int16 takes -32768…32767)
// before anything is sent, and then sends
//
//	coil                       FC5  write single coil
//	one register               FC6  write single register
//	several registers          FC16 write multiple registers
//	bit of a holding register  FC3 + FC6, read-modify-write
//
// The read-modify-write is atomic against this driver's own requests, not
// against the PLC program: do not use register bits that the PLC writes
// too. Write returns the device's refusal (an [*Exception]) or the
// communication failure. On success the tag's scan group is read again at
// once, so the new value shows without waiting a period.
func (d *Driver) Write(ctx context.Context, name string, v any) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("modbus %s: %w", d.cfg.Name, err)
	}
	it, err := d.lookup(name)
	if err != nil {
		return err
	}
	wrap := func(err error) error { return fmt.Errorf("modbus %s: write %s: %w", d.cfg.Name, it.addr, err) }
	if !it.def.Writable {
		return wrap(fmt.Errorf("tag %s is read-only", name))
	}
	raw, err := toRaw(it.def, it.addr, v)
	if err != nil {
		return wrap(err)
	}
	b, err := it.addr.Encode(raw)
	if err != nil {
		return wrap(err)
	}
	if err := d.conn.do(func(c modbus.Client) error { return writeRequest(c, it.addr, b) }); err != nil {
		return wrap(err)
	}
	it.group.due.Store(true)
	d.poke()
	return nil
}

// toRaw converts an engineering value of def's type to the raw value that
// [Address.Encode] takes. Scaled values are rounded for integer formats:
// scaling quantises.
func toRaw(def tags.Def, a Address, v any) (any, error) {
	switch a.Format {
	case Bool:
		return tags.Bool.Convert(v)
	case String:
		return tags.String.Convert(v)
	}
	cv, err := def.Type.Convert(v)
	if err != nil {
		return nil, err
	}
	if b, ok := cv.(bool); ok {
		cv = int64(0)
		if b {
			cv = int64(1)
		}
	}
	f, ok := number(cv)
	if !ok {
		return nil, fmt.Errorf("%s needs a number, not %v", a, cv)
	}
	if def.Scale == nil {
		return cv, nil
	}
	f = def.Scale.ToRaw(f)
	if a.Format != Float32 && a.Format != Float64 {
		f = math.Round(f)
	}
	return f, nil
}

// writeRequest sends the write of the encoded value b to a.
func writeRequest(c modbus.Client, a Address, b []byte) error {
	var err error
	switch {
	case a.Area == Coil:
		var on uint16
		if b[0] != 0 {
			on = 0xFF00
		}
		_, err = c.WriteSingleCoil(a.Offset, on)
	case a.Area != HoldingRegister:
		err = fmt.Errorf("%s is read-only", a)
	case a.Bit >= 0:
		err = writeBit(c, a, b[0] != 0)
	case a.Words() == 1:
		_, err = c.WriteSingleRegister(a.Offset, binary.BigEndian.Uint16(b))
	default:
		_, err = c.WriteMultipleRegisters(a.Offset, uint16(a.Words()), b)
	}
	return err
}

// writeBit sets or clears one bit of a holding register: FC3, then FC6.
func writeBit(c modbus.Client, a Address, on bool) error {
	r := Request{Area: HoldingRegister, Start: a.Offset, Count: 1}
	data, err := readRequest(c, r)
	if err != nil {
		return err
	}
	w := binary.BigEndian.Uint16(data)
	if on {
		w |= 1 << uint(a.Bit)
	} else {
		w &^= 1 << uint(a.Bit)
	}
	_, err = c.WriteSingleRegister(a.Offset, w)
	return err
}
