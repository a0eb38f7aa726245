package hmi

import (
	"encoding/json"

	"github.com/gohmi/gohmi/alarms"
)

// ProjectSchema returns a JSON Schema (draft-07) of hmi.yaml for the
// protocols of kinds: its keys, connections and tags (each kind's own
// settings are objects the kind checks), and alarms: in full (the same
// definitions as an alarms file, [alarms.Schema]).
func ProjectSchema(kinds Kinds) []byte {
	types := sortedKeys(kinds)
	obj := map[string]any{"type": "object"}
	str := func(desc string) map[string]any { return map[string]any{"type": "string", "description": desc} }
	conn := map[string]any{
		"name": str("Connection name, referred to by tags."),
		"type": map[string]any{"enum": types, "description": "The protocol."},
	}
	for _, t := range types {
		conn[t] = obj
	}
	tag := map[string]any{
		"name":        map[string]any{"type": "string", "description": "Dotted tag name, e.g. Tank1.Level."},
		"connection":  str("The connection that owns the tag; default the only one."),
		"type":        map[string]any{"type": "string", "default": "float", "description": "bool, int, float or string (or a PLC alias such as int16, real)."},
		"unit":        str("Engineering unit."),
		"description": str("What the tag is."),
		"writable":    map[string]any{"type": "boolean", "default": false},
		"min":         map[string]any{"type": "number"},
		"max":         map[string]any{"type": "number"},
		"scale": map[string]any{"type": "object", "properties": map[string]any{
			"raw": pairSchema(), "eng": pairSchema(),
		}, "additionalProperties": false},
		"address": str("Driver address: a Modbus register, an OPC UA node id."),
	}
	for _, k := range tagKeys(kinds) {
		tag[k] = map[string]any{}
	}
	defs := alarms.SchemaDefinitions()
	defs["connection"] = map[string]any{"type": "object", "properties": conn, "required": []string{"name", "type"}, "additionalProperties": false}
	defs["tag"] = map[string]any{"type": "object", "properties": tag, "required": []string{"name"}, "additionalProperties": false}
	root := map[string]any{
		"$schema":     "http://json-schema.org/draft-07/schema#",
		"$id":         "https://gohmi.dev/schema/hmi.json",
		"title":       "gohmi project (hmi.yaml)",
		"description": "Connections, tags, alarms, start screen and theme of a project.",
		"type":        "object",
		"properties": map[string]any{
			"name":        str("Project name."),
			"start":       str("The screen shown first."),
			"screens":     map[string]any{"type": "string", "default": "screens", "description": "Directory of the .gopage files."},
			"styles":      map[string]any{"type": "string", "default": "styles", "description": "Directory of the style sheets."},
			"fixtures":    map[string]any{"type": "string", "default": "fixtures", "description": "Directory of the fixtures."},
			"theme":       themeSchema(),
			"connections": map[string]any{"type": "array", "items": map[string]any{"$ref": "#/definitions/connection"}},
			"tags":        map[string]any{"type": "array", "items": map[string]any{"$ref": "#/definitions/tag"}},
			"alarms":      map[string]any{"$ref": "#/definitions/alarms"},
			"horn": map[string]any{"description": "A writable bool tag written true while a new unacknowledged alarm of a priority or a more important one waits.",
				"oneOf": []any{str("The horn's tag (priority high)."), map[string]any{"type": "object", "properties": map[string]any{
					"tag":      str("The horn's tag: a writable bool."),
					"priority": map[string]any{"enum": []any{"critical", "high", "medium", "low", "1", "2", "3", "4", 1, 2, 3, 4}, "default": "high"},
				}, "required": []string{"tag"}, "additionalProperties": false}}},
			"history": map[string]any{"type": "array", "description": "Which tags the historian records, and how.", "items": map[string]any{
				"type": "object", "required": []string{"tags"}, "additionalProperties": false, "properties": map[string]any{
					"tags":         map[string]any{"description": "A tag name or pattern (* and ?), or a list of them.", "oneOf": []any{map[string]any{"type": "string"}, map[string]any{"type": "array", "items": map[string]any{"type": "string"}}}},
					"deadband":     map[string]any{"description": "Exception deadband: a number in the tag's units or \"N%\" of its range.", "type": []string{"number", "string"}},
					"deviation":    map[string]any{"description": "Swinging-door compression deviation: units or \"N%\" of the range; 0 stores every change.", "type": []string{"number", "string"}},
					"max-interval": str("Longest time between stored points, e.g. 10m (at most 24h)."),
					"keep":         str("How long history is kept, e.g. 30d, 12w, 36h."),
					"max-size":     str("Most history a tag keeps, e.g. 50MB."),
				}}},
			"journal": map[string]any{"type": "object", "description": "How much of the alarm journal is kept.", "properties": map[string]any{
				"keep-days":  map[string]any{"type": "integer", "minimum": 1, "default": 365, "description": "Events older than this many days are pruned."},
				"max-events": map[string]any{"type": "integer", "minimum": 1, "default": 10000000, "description": "The oldest events beyond this count are pruned."},
			}, "additionalProperties": false},
		},
		"required":             []string{"start"},
		"additionalProperties": false,
		"definitions":          defs,
	}
	b, err := json.MarshalIndent(root, "", "  ")
	if err != nil {
		panic("hmi: schema: " + err.Error()) // cannot happen: plain maps and slices
	}
	return b
}

func pairSchema() map[string]any {
	return map[string]any{"type": "array", "items": map[string]any{"type": "number"}, "minItems": 2, "maxItems": 2}
}

func themeSchema() map[string]any {
	return map[string]any{
		"description": "A theme name, or {default, expr}: an expression over tags giving the theme's name.",
		"anyOf": []any{
			map[string]any{"type": "string"},
			map[string]any{"type": "object", "properties": map[string]any{
				"default": map[string]any{"type": "string"}, "expr": map[string]any{"type": "string"},
			}, "additionalProperties": false},
		},
	}
}
