package opcua

import (
	"encoding/hex"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"time"

	"github.com/gopcua/opcua/ua"

	"github.com/gohmi/gohmi/tags"
)

// fromVariant turns a value read from the server into a tag value of
// def's type, in engineering units (def.Scale applied).
func fromVariant(def *tags.Def, v *ua.Variant) (any, error) {
	if v == nil || v.Value() == nil {
		return nil, nil
	}
	raw, err := goValue(v.Value())
	if err != nil {
		return nil, err
	}
	if def.Scale != nil {
		if f, ok := (tags.Value{V: raw}).Float(); ok {
			raw = def.Scale.ToEng(f)
		}
	}
	return def.Type.Convert(raw)
}

// goValue converts a scalar OPC UA value to one tags.Type.Convert accepts.
func goValue(v any) (any, error) {
	switch x := v.(type) {
	case bool, int8, uint8, int16, uint16, int32, uint32, int64, uint64, float64, string:
		return x, nil
	case float32:
		// Shortest decimal of the float32, so 0.1f reads 0.1, not 0.10000000149.
		f, _ := strconv.ParseFloat(strconv.FormatFloat(float64(x), 'g', -1, 32), 64)
		return f, nil
	case time.Time:
		return x.UTC().Format(time.RFC3339Nano), nil
	case *ua.LocalizedText:
		return x.Text, nil
	case *ua.QualifiedName:
		return x.Name, nil
	case *ua.NodeID:
		return x.String(), nil
	case *ua.GUID:
		return x.String(), nil
	case ua.StatusCode:
		return StatusName(x), nil
	case []byte:
		return hex.EncodeToString(x), nil
	}
	if reflect.ValueOf(v).Kind() == reflect.Slice {
		return nil, fmt.Errorf("array values are not supported (tags are scalars)")
	}
	return nil, fmt.Errorf("unsupported OPC UA value of type %T", v)
}

// toVariant converts a tag value (already of the tag's type and within its
// limits) to a Variant of the node's exact data type: servers refuse any
// other type with BadTypeMismatch. Numbers outside the node type's range
// and fractions written to integer nodes are refused here, before anything
// is sent, rather than wrapped or truncated.
func toVariant(def *tags.Def, v any, dt ua.TypeID) (*ua.Variant, error) {
	if def.Scale != nil {
		f, ok := (tags.Value{V: v}).Float()
		if !ok {
			return nil, fmt.Errorf("cannot scale %v", v)
		}
		v = def.Scale.ToRaw(f)
	}
	x, err := nodeValue(v, dt)
	if err != nil {
		return nil, err
	}
	return ua.NewVariant(x)
}

// intRange is the range of each integer type.
var intRange = map[ua.TypeID]struct{ lo, hi float64 }{
	ua.TypeIDSByte:  {math.MinInt8, math.MaxInt8},
	ua.TypeIDByte:   {0, math.MaxUint8},
	ua.TypeIDInt16:  {math.MinInt16, math.MaxInt16},
	ua.TypeIDUint16: {0, math.MaxUint16},
	ua.TypeIDInt32:  {math.MinInt32, math.MaxInt32},
	ua.TypeIDUint32: {0, math.MaxUint32},
	ua.TypeIDInt64:  {math.MinInt64, math.MaxInt64},
	ua.TypeIDUint64: {0, math.MaxUint64},
}

// nodeValue converts v to the Go type gopcua encodes as dt.
func nodeValue(v any, dt ua.TypeID) (any, error) {
	switch dt {
	case ua.TypeIDBoolean:
		return tags.Bool.Convert(v)
	case ua.TypeIDString:
		return tags.String.Convert(v)
	case ua.TypeIDDouble:
		return tags.Float.Convert(v)
	case ua.TypeIDFloat:
		f, err := tags.Float.Convert(v)
		if err != nil {
			return nil, err
		}
		if x := f.(float64); math.Abs(x) > math.MaxFloat32 && !math.IsInf(x, 0) {
			return nil, fmt.Errorf("%v is out of range for Float", x)
		}
		return float32(f.(float64)), nil
	}
	if _, ok := intRange[dt]; ok {
		return intValue(v, dt)
	}
	return nil, fmt.Errorf("writing to nodes of data type %s is not supported", typeName(dt))
}

// intValue converts v to the integer type dt, refusing fractions and
// values outside dt's range.
func intValue(v any, dt ua.TypeID) (any, error) {
	if s, ok := v.(string); ok {
		f, err := tags.Float.Convert(s)
		if err != nil {
			return nil, err
		}
		v = f
	}
	r := intRange[dt]
	i, exact := v.(int64) // tags.Int values: compare exactly, not as float64
	if exact {
		if (dt != ua.TypeIDInt64 && dt != ua.TypeIDUint64 && (float64(i) < r.lo || float64(i) > r.hi)) || (dt == ua.TypeIDUint64 && i < 0) {
			return nil, fmt.Errorf("%d is out of range for %s (%.0f..%.0f)", i, typeName(dt), r.lo, r.hi)
		}
	} else {
		f, ok := (tags.Value{V: v}).Float()
		switch {
		case !ok:
			return nil, fmt.Errorf("cannot convert %v to %s", v, typeName(dt))
		case f != math.Trunc(f):
			return nil, fmt.Errorf("%v is not a whole number, and the node is %s", f, typeName(dt))
		case f < r.lo || f >= r.hi+1 || (dt == ua.TypeIDInt64 && f >= math.MaxInt64):
			return nil, fmt.Errorf("%v is out of range for %s (%.0f..%.0f)", f, typeName(dt), r.lo, r.hi)
		case dt == ua.TypeIDUint64:
			return uint64(f), nil
		}
		i = int64(f)
	}
	switch dt {
	case ua.TypeIDSByte:
		return int8(i), nil
	case ua.TypeIDByte:
		return uint8(i), nil
	case ua.TypeIDInt16:
		return int16(i), nil
	case ua.TypeIDUint16:
		return uint16(i), nil
	case ua.TypeIDInt32:
		return int32(i), nil
	case ua.TypeIDUint32:
		return uint32(i), nil
	case ua.TypeIDUint64:
		return uint64(i), nil
	}
	return i, nil
}

// typeName is the specification's name of a built-in type: "Int32".
func typeName(t ua.TypeID) string {
	if int(t) < len(builtinNames) && builtinNames[t] != "" {
		return builtinNames[t]
	}
	return "type " + strconv.Itoa(int(t))
}

var builtinNames = [...]string{
	ua.TypeIDBoolean: "Boolean", ua.TypeIDSByte: "SByte", ua.TypeIDByte: "Byte",
	ua.TypeIDInt16: "Int16", ua.TypeIDUint16: "UInt16", ua.TypeIDInt32: "Int32",
	ua.TypeIDUint32: "UInt32", ua.TypeIDInt64: "Int64", ua.TypeIDUint64: "UInt64",
	ua.TypeIDFloat: "Float", ua.TypeIDDouble: "Double", ua.TypeIDString: "String",
	ua.TypeIDDateTime: "DateTime", ua.TypeIDGUID: "Guid", ua.TypeIDByteString: "ByteString",
	ua.TypeIDXMLElement: "XmlElement", ua.TypeIDNodeID: "NodeId", ua.TypeIDExpandedNodeID: "ExpandedNodeId",
	ua.TypeIDStatusCode: "StatusCode", ua.TypeIDQualifiedName: "QualifiedName",
	ua.TypeIDLocalizedText: "LocalizedText", ua.TypeIDExtensionObject: "ExtensionObject",
	ua.TypeIDDataValue: "DataValue", ua.TypeIDVariant: "BaseDataType", ua.TypeIDDiagnosticInfo: "DiagnosticInfo",
}

// writeType is the built-in type to write for a node whose DataType
// attribute is dataType and whose current value is cur: the DataType when
// it is a concrete built-in type (Boolean … LocalizedText); otherwise —
// BaseDataType, Number, an enumeration, a subtype such as Duration — the
// type of the current value. 0 when neither tells.
func writeType(dataType *ua.NodeID, cur *ua.Variant) ua.TypeID {
	if dataType != nil && dataType.Namespace() == 0 {
		if id := dataType.IntID(); id >= uint32(ua.TypeIDBoolean) && id <= uint32(ua.TypeIDLocalizedText) {
			return ua.TypeID(id)
		}
	}
	if cur != nil && cur.Value() != nil && cur.ArrayLength() == 0 && len(cur.ArrayDimensions()) == 0 {
		return cur.Type()
	}
	return 0
}
