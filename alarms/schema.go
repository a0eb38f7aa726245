package alarms

import "encoding/json"

// Schema returns a JSON Schema (draft-07, as VS Code's YAML extension reads
// it) of an alarms file (alarms/*.yaml): a mapping whose one key, alarms,
// is a list of entries. Decode's checks that span keys (one kind per entry,
// the order of limits, a name for an expression) are beyond a schema; the
// schema gives completion and catches unknown keys and wrong types.
func Schema() []byte {
	root := map[string]any{
		"$schema":     "http://json-schema.org/draft-07/schema#",
		"$id":         "https://gohmi.dev/schema/alarms.json",
		"title":       "gohmi alarms file (alarms/*.yaml)",
		"description": "Alarm definitions, loaded after hmi.yaml's own alarms: in file-name order.",
		"type":        "object",
		"properties": map[string]any{
			"alarms": schemaRef("alarms"),
		},
		"additionalProperties": false,
		"definitions":          SchemaDefinitions(),
	}
	b, err := json.MarshalIndent(root, "", "  ")
	if err != nil {
		panic("alarms: schema: " + err.Error()) // cannot happen: plain maps and slices
	}
	return b
}

// SchemaDefinitions returns the JSON Schema definitions of alarm entries,
// for a schema that embeds them (hmi.yaml's alarms:) under its
// "definitions": "alarms" is the list; "alarm", "alarm_limit",
// "alarm_ref", "alarm_priority", "alarm_duration" and "alarm_deadband" are
// what it refers to.
func SchemaDefinitions() map[string]any {
	str := func(desc string) map[string]any { return map[string]any{"type": "string", "description": desc} }
	props := map[string]any{
		"name":        map[string]any{"type": "string", "pattern": namePattern, "description": "Unique alarm name; defaults to the tag. Limit alarms are named <name>.HiHi, .Hi, .Lo, .LoLo; a name taken from the tag gets .Deviation, .Rate or .BadQuality."},
		"tag":         map[string]any{"type": "string", "pattern": namePattern, "description": "The tag the alarm watches (or input: for an expression)."},
		"input":       str("An expression over tags the alarm watches; needs a name."),
		"when":        str("Digital alarm: active while this expression is true."),
		"hihi":        schemaRef("alarm_limit"),
		"hi":          schemaRef("alarm_limit"),
		"lo":          schemaRef("alarm_limit"),
		"lolo":        schemaRef("alarm_limit"),
		"deviation":   deviationSchema(),
		"rate":        rateSchema(),
		"bad-quality": map[string]any{"const": true, "description": "Alarm while the input's quality is Bad (an instrument diagnostic)."},
		"deadband":    schemaRef("alarm_deadband"),
		"range":       map[string]any{"type": "array", "items": map[string]any{"type": "number"}, "minItems": 2, "maxItems": 2, "description": "[min, max] of the input, for a deadband in %; default the tag's min and max."},
		"on-delay":    schemaRef("alarm_duration"),
		"off-delay":   schemaRef("alarm_duration"),
		"priority":    schemaRef("alarm_priority"),
		"message":     str("Shown and journaled; {expression} parts are evaluated at activation. Default: \"<name> high\"…"),
		"area":        str("Plant area or group, for filters."),
		"latched":     map[string]any{"type": "boolean", "default": false, "description": "Stays in alarm after it returns until acknowledged."},
		"suppress":    str("Suppressed by design while this expression is true (e.g. \"!Pump1.Running\"); still evaluated."),
		"ack":         map[string]any{"type": "boolean", "default": true, "description": "Needs acknowledgement."},
		"ack-comment": map[string]any{"type": "boolean", "default": false, "description": "An acknowledgement needs a comment."},
		"max-shelve":  schemaRef("alarm_duration"),
	}
	var kinds []any
	for _, k := range []string{"hihi", "hi", "lo", "lolo", "when", "deviation", "rate", "bad-quality"} {
		kinds = append(kinds, map[string]any{"required": []string{k}})
	}
	return map[string]any{
		"alarms": map[string]any{"type": []string{"array", "null"}, "items": schemaRef("alarm"), "description": "Alarm definitions."},
		"alarm": map[string]any{
			"type":                 "object",
			"description":          "One alarm (a limit entry: one per hihi/hi/lo/lolo).",
			"properties":           props,
			"additionalProperties": false,
			"anyOf":                kinds,
		},
		"alarm_ref": map[string]any{
			"description": "A number, or the name of a tag holding it.",
			"anyOf":       []any{map[string]any{"type": "number"}, map[string]any{"type": "string", "pattern": namePattern}},
		},
		"alarm_limit": map[string]any{
			"description": "A limit: a number, a tag name, or {limit, priority, message, on-delay, off-delay, deadband}.",
			"anyOf": []any{schemaRef("alarm_ref"), map[string]any{
				"type": "object",
				"properties": map[string]any{
					"limit": schemaRef("alarm_ref"), "priority": schemaRef("alarm_priority"), "message": str("This limit's message."),
					"on-delay": schemaRef("alarm_duration"), "off-delay": schemaRef("alarm_duration"), "deadband": schemaRef("alarm_deadband"),
				},
				"required":             []string{"limit"},
				"additionalProperties": false,
			}},
		},
		"alarm_priority": map[string]any{
			"description": "critical, high, medium, low, or 1 (critical) to 4 (low). Default: high for hihi/lolo, low for bad-quality, else medium.",
			"anyOf": []any{
				map[string]any{"enum": []string{"critical", "high", "medium", "low"}},
				map[string]any{"type": "integer", "minimum": 1, "maximum": 4},
			},
		},
		"alarm_duration": map[string]any{
			"type":        "string",
			"pattern":     `^(0|[0-9]+d|([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+)$`,
			"description": "A duration like 500ms, 2s, 1m30s or 7d. Delays at most 24h; max-shelve at most 7d.",
		},
		"alarm_deadband": map[string]any{
			"description": "Engineering units, or a percentage of the range like \"2%\".",
			"anyOf": []any{
				map[string]any{"type": "number", "minimum": 0},
				map[string]any{"type": "string", "pattern": `^[0-9]+(\.[0-9]+)?%$`},
			},
		},
	}
}

// namePattern is a tag or alarm name (tags.ValidName, reserved words aside).
const namePattern = `^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$`

func deviationSchema() map[string]any {
	return map[string]any{
		"type":        "object",
		"description": "Alarm when the input differs from the setpoint by more than limit.",
		"properties": map[string]any{
			"setpoint": schemaRef("alarm_ref"),
			"limit":    schemaRef("alarm_ref"),
			"dir":      map[string]any{"enum": []string{"above", "below", "either", "high", "low"}, "default": "either"},
		},
		"required":             []string{"setpoint", "limit"},
		"additionalProperties": false,
	}
}

func rateSchema() map[string]any {
	return map[string]any{
		"type":        "object",
		"description": "Alarm when the input changes faster than limit per second or minute.",
		"properties": map[string]any{
			"limit": schemaRef("alarm_ref"),
			"per":   map[string]any{"enum": []string{"second", "minute", "s", "min"}, "default": "second"},
			"dir":   map[string]any{"enum": []string{"rising", "falling", "either"}, "default": "either"},
		},
		"required":             []string{"limit"},
		"additionalProperties": false,
	}
}

func schemaRef(name string) map[string]any { return map[string]any{"$ref": "#/definitions/" + name} }
