// Package alarms will hold the ISA-18.2 alarm state machine (limits, deadband,
// delays, shelving) and its durable journal. It imports tags for values only
// and never Fyne. Empty until the alarms issue lands.
package alarms
