package main

import (
	"github.com/gohmi/gohmi/hmi"
	"github.com/gohmi/gohmi/tags/drivers"
)

// kinds is the table of the protocols this build speaks, handed to hmi.
func kinds() hmi.Kinds { return drivers.Kinds() }
