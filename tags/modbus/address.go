package modbus

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/gohmi/gohmi/internal/suggest"
)

// Area is one of the four Modbus data tables.
type Area uint8

const (
	Coil            Area = iota // read/write bits (FC1, FC5, FC15)
	DiscreteInput               // read-only bits (FC2)
	InputRegister               // read-only 16-bit registers (FC4)
	HoldingRegister             // read/write 16-bit registers (FC3, FC6, FC16)
)

// String returns the area's prefix in addresses: "coil", "di", "ir" or "hr".
func (a Area) String() string {
	switch a {
	case Coil:
		return "coil"
	case DiscreteInput:
		return "di"
	case InputRegister:
		return "ir"
	case HoldingRegister:
		return "hr"
	}
	return "Area(" + strconv.Itoa(int(a)) + ")"
}

// Bits reports whether the area holds bits rather than registers.
func (a Area) Bits() bool { return a == Coil || a == DiscreteInput }

// Format is how the value of an [Address] is laid out in its registers.
type Format uint8

const (
	Bool    Format = iota // a coil, a discrete input, or one bit of a register
	Int16                 // one register, two's complement
	Uint16                // one register
	Int32                 // two registers
	Uint32                // two registers
	Float32               // two registers, IEEE 754
	Float64               // four registers, IEEE 754
	String                // Len registers, two bytes each, first byte high
)

var formatNames = [...]string{"bool", "int16", "uint16", "int32", "uint32", "float32", "float64", "string"}

// String returns the format's name in addresses, e.g. "float32".
func (f Format) String() string {
	if int(f) < len(formatNames) {
		return formatNames[f]
	}
	return "Format(" + strconv.Itoa(int(f)) + ")"
}

// Order is the byte and word order of multi-register values, named after
// where the bytes A B C D of a big-endian 32-bit value end up on the wire.
type Order uint8

const (
	ABCD Order = iota // big-endian: the Modbus default
	BADC              // bytes swapped within each register
	CDAB              // registers in reverse order ("word swap")
	DCBA              // both: little-endian
)

var orderNames = [...]string{"abcd", "badc", "cdab", "dcba"}

// String returns "abcd", "badc", "cdab" or "dcba".
func (o Order) String() string {
	if int(o) < len(orderNames) {
		return orderNames[o]
	}
	return "Order(" + strconv.Itoa(int(o)) + ")"
}

func (o Order) swapBytes() bool { return o == BADC || o == DCBA }
func (o Order) swapWords() bool { return o == CDAB || o == DCBA }

// Limits of one request, from the Modbus application protocol.
const (
	MaxRegisters = 125  // FC3/FC4 quantity
	MaxBits      = 2000 // FC1/FC2 quantity
)

// Address is a parsed Modbus address; see the package documentation for
// the syntax. The zero Address is coil:0.
type Address struct {
	Area   Area
	Offset uint16 // 0-based
	Bit    int8   // bit 0…15 of a register, or -1 for none
	Format Format
	Order  Order
	Len    uint16 // registers of a String
}

// Words returns how many registers (or bits, for coils and discrete
// inputs) the address covers.
func (a Address) Words() int {
	switch a.Format {
	case Int32, Uint32, Float32:
		return 2
	case Float64:
		return 4
	case String:
		return int(a.Len)
	}
	return 1
}

// String returns the canonical form of a, which ParseAddress reads back
// to the same Address: "hr:100", "hr:100.3", "hr:100:int32:cdab",
// "hr:100:string:10", "coil:3".
func (a Address) String() string {
	s := a.Area.String() + ":" + strconv.Itoa(int(a.Offset))
	switch {
	case a.Bit >= 0:
		return s + "." + strconv.Itoa(int(a.Bit))
	case a.Area.Bits() || a.Format == Int16:
		return s
	case a.Format == String:
		return s + ":string:" + strconv.Itoa(int(a.Len))
	case a.Words() > 1 && a.Order != ABCD:
		return s + ":" + a.Format.String() + ":" + a.Order.String()
	}
	return s + ":" + a.Format.String()
}

// ParseAddress parses an address such as "hr:100", "40001", "hr:100.3",
// "hr:100:float32", "hr:100:int32:cdab" or "hr:100:string:10". Errors
// quote the address and say what is wrong with it:
//
//	address "hr:x": offset "x" is not a number 0…65535
func ParseAddress(s string) (Address, error) {
	a, err := parseAddress(strings.TrimSpace(s))
	if err != nil {
		return Address{}, fmt.Errorf("address %q: %w", s, err)
	}
	return a, nil
}

func parseAddress(s string) (Address, error) {
	if s == "" {
		return Address{}, fmt.Errorf("empty")
	}
	parts := strings.Split(s, ":")
	a, rest, err := parseLocation(parts)
	if err != nil {
		return a, err
	}
	if err := a.parseEncoding(rest); err != nil {
		return a, err
	}
	if end := int(a.Offset) + a.Words(); end > 65536 {
		return a, fmt.Errorf("%s at %d runs past the last register 65535", a.Format, a.Offset)
	}
	return a, nil
}

// parseLocation parses the area and offset (and bit), and returns the
// remaining encoding parts.
func parseLocation(parts []string) (Address, []string, error) {
	head := strings.ToLower(parts[0])
	if area, ok := areaNames[head]; ok {
		if len(parts) < 2 || parts[1] == "" {
			return Address{}, nil, fmt.Errorf("missing offset after %q", parts[0]+":")
		}
		a, err := parseOffset(area, parts[1])
		return a, parts[2:], err
	}
	if head != "" && head[0] >= '0' && head[0] <= '9' {
		a, err := parseModicon(head)
		return a, parts[1:], err
	}
	names := []string{"hr", "ir", "coil", "di"}
	return Address{}, nil, fmt.Errorf("unknown area %q (want hr, ir, coil, di or a Modicon number like 40001)%s",
		parts[0], suggest.DidYouMean(head, names))
}

var areaNames = map[string]Area{"hr": HoldingRegister, "ir": InputRegister, "coil": Coil, "di": DiscreteInput}

// parseModicon parses the 1-based forms 00001…09999 (coils, also 1…9999),
// 10001 (discrete inputs), 30001 (input registers), 40001 (holding
// registers) and their 6-digit variants 400001…465536.
func parseModicon(s string) (Address, error) {
	num, bit, _ := strings.Cut(s, ".")
	if len(num) > 6 {
		return Address{}, fmt.Errorf("Modicon number %q has more than 6 digits", num)
	}
	digits := 4
	if len(num) == 6 {
		digits = 5
	}
	var areaDigit byte = '0'
	if len(num) > digits {
		areaDigit = num[0]
		num = num[1:]
	}
	area, ok := map[byte]Area{'0': Coil, '1': DiscreteInput, '3': InputRegister, '4': HoldingRegister}[areaDigit]
	if !ok {
		return Address{}, fmt.Errorf("Modicon number %q: no area %c (0 coils, 1 discrete inputs, 3 input registers, 4 holding registers)", s, areaDigit)
	}
	n, err := strconv.ParseUint(num, 10, 32)
	if err != nil || n < 1 || n > 65536 {
		return Address{}, fmt.Errorf("Modicon number %q: register %q is not a number 1…65536 (Modicon numbers are 1-based)", s, num)
	}
	if bit != "" {
		return parseOffset(area, strconv.FormatUint(n-1, 10)+"."+bit)
	}
	return Address{Area: area, Offset: uint16(n - 1), Bit: -1, Format: defaultFormat(area)}, nil
}

// parseOffset parses "100" or "100.3" in area.
func parseOffset(area Area, s string) (Address, error) {
	a := Address{Area: area, Bit: -1, Format: defaultFormat(area)}
	off, bit, hasBit := strings.Cut(s, ".")
	n, err := strconv.ParseUint(off, 10, 16)
	if err != nil {
		return a, fmt.Errorf("offset %q is not a number 0…65535", off)
	}
	a.Offset = uint16(n)
	if !hasBit {
		return a, nil
	}
	if area.Bits() {
		return a, fmt.Errorf("%s is a bit already and has no bit .%s", area, bit)
	}
	b, err := strconv.ParseUint(bit, 10, 8)
	if err != nil || b > 15 {
		return a, fmt.Errorf("bit %q is not a number 0…15", bit)
	}
	a.Bit, a.Format = int8(b), Bool
	return a, nil
}

func defaultFormat(area Area) Format {
	if area.Bits() {
		return Bool
	}
	return Int16
}

// parseEncoding parses the optional ":type[:order|:length]" parts.
func (a *Address) parseEncoding(parts []string) error {
	if len(parts) == 0 {
		return nil
	}
	if len(parts) > 2 {
		return fmt.Errorf("too many parts after the type: %q", strings.Join(parts[2:], ":"))
	}
	f, err := parseFormat(parts[0])
	if err != nil {
		return err
	}
	switch {
	case a.Bit >= 0 && f != Bool:
		return fmt.Errorf("a bit of a register is a bool, not %s", f)
	case a.Area.Bits() && f != Bool:
		return fmt.Errorf("%s is a single bit: type %s needs a register (hr or ir)", a.Area, f)
	case !a.Area.Bits() && a.Bit < 0 && f == Bool:
		return fmt.Errorf("type bool on a register needs a bit: %s:%d.0", a.Area, a.Offset)
	}
	a.Format = f
	if len(parts) == 1 {
		if f == String {
			return fmt.Errorf("string needs a length in registers, as in %s:%d:string:10", a.Area, a.Offset)
		}
		return nil
	}
	return a.parseArg(parts[1])
}

func parseFormat(s string) (Format, error) {
	for i, n := range formatNames {
		if strings.EqualFold(s, n) {
			return Format(i), nil
		}
	}
	return 0, fmt.Errorf("unknown type %q (want int16, uint16, int32, uint32, float32, float64, string or bool)%s",
		s, suggest.DidYouMean(strings.ToLower(s), formatNames[:]))
}

// parseArg parses the part after the type: a length for strings, a byte
// and word order for 32- and 64-bit types.
func (a *Address) parseArg(s string) error {
	if a.Format == String {
		n, err := strconv.ParseUint(s, 10, 16)
		if err != nil || n < 1 || n > MaxRegisters {
			return fmt.Errorf("string length %q is not a number of registers 1…%d", s, MaxRegisters)
		}
		a.Len = uint16(n)
		return nil
	}
	if a.Words() < 2 {
		return fmt.Errorf("byte order %q applies only to 32- and 64-bit types, not %s", s, a.Format)
	}
	for i, n := range orderNames {
		if strings.EqualFold(s, n) {
			a.Order = Order(i)
			return nil
		}
	}
	return fmt.Errorf("unknown byte order %q (want abcd, badc, cdab or dcba)%s",
		s, suggest.DidYouMean(strings.ToLower(s), orderNames[:]))
}
