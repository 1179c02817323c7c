package jourfixe

import "pakt/internal/ical"

// Calendar is the iCalendar document of a feed (the kernel's ical).
type Calendar = ical.Calendar

// Event is one meeting in a calendar.
type Event = ical.Event

// ProdID names pakt as the calendar's producer.
const ProdID = ical.ProdID

// EscapeText escapes an iCalendar TEXT value.
func EscapeText(s string) string { return ical.EscapeText(s) }
