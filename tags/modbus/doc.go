// Package modbus is the Modbus TCP and RTU driver: it reads tags from a
// device in scan groups, writes operator values back, and turns tags Bad
// with a reason when the device fails, reconnecting by itself.
//
// One [Driver] is one connection (a TCP host:port, or a serial port for
// RTU) with its own scan loop; the Runtime runs one Driver per connection,
// so a device that fails does not slow the others.
//
// # Addresses
//
// A tag's Def.Address names an area, a 0-based offset, an optional bit and
// an optional encoding:
//
//	hr:100              holding register 100 (FC3; written with FC6/FC16)
//	ir:5                input register 5 (FC4, read-only)
//	coil:3              coil 3 (FC1; written with FC5)
//	di:7                discrete input 7 (FC2, read-only)
//	hr:100.3            bit 3 (0 = least significant) of holding register 100
//	hr:100:float32      an encoding after the offset: the type ...
//	hr:100:int32:cdab   ... and, for 32- and 64-bit types, the byte order
//	hr:100:string:10    a string in 10 registers (20 bytes, first byte high)
//
// The Modicon 1-based numbers are accepted too: 40001 is hr:0, 30001 is
// ir:0, 10001 is di:0, and 00001 (or just 1) is coil:0; the 6-digit forms
// 400001…465536 reach the whole 16-bit range; 40101.3 is hr:100.3.
//
// Types are int16 (the default for registers), uint16, int32, uint32,
// float32, float64 and string; coils and discrete inputs are bool. Byte
// orders are named after where the bytes A B C D of a big-endian value
// land: abcd (the default, big-endian), badc (bytes swapped in each
// register), cdab (registers swapped, "word swap"), dcba (little-endian);
// for 64-bit values cdab reverses the four registers. [ParseAddress]
// reports what is wrong with an address, and [Address.String] gives the
// canonical form.
//
// # Values and scaling
//
// Raw values are decoded to integers or floats, converted to engineering
// units with the tag's Def.Scale when it has one, and then to the tag's
// type (Int tags round). Writes go the other way: engineering → raw
// (rounded for integer formats), checked against the raw format's range
// ("40000 is out of range for int16") before anything is sent.
//
// # Scan groups and request planning
//
// Tags with the same scan period (Tag.Scan, default Config.Scan) form a
// group. [New] plans each group's reads once with [Plan]: per area,
// neighbouring addresses merge into one request while the unread gap is at
// most Config.MaxGap registers and the request stays within 125 registers
// (2,000 bits), so N contiguous registers take ceil(N/125) requests. A
// device that refuses reads over unmapped registers needs MaxGap -1.
//
// # Failures
//
// Every response is checked: an exception turns the request's tags Bad
// with "exception 2 (illegal data address) reading hr:120+10"; a response
// that holds fewer registers than asked (which goburrow/modbus accepts)
// turns them Bad with "protocol error: short response (18 of 20 bytes)".
// A timeout or a closed connection turns every tag of the connection Bad
// with "comm failure: …", keeping the last value, and closes the
// connection; the driver reconnects at once, then after Config.Backoff,
// doubling up to Config.MaxBackoff, and rescans every group as soon as it
// is connected again.
package modbus
