"""Run with /usr/bin/python3 (Debian's python3-audit): prints every record auparse reads from
the log file argv[1] as one JSON object a line: {"type", "serial", "time", "fields": [[k, v]]}.

Values are auparse's raw values (get_field_str), exactly as the log line holds them (quotes kept).
"""

import json
import sys

import auparse

parser = auparse.AuParser(auparse.AUSOURCE_FILE, sys.argv[1])
while parser.parse_next_event():
    while True:
        stamp = parser.get_timestamp()
        fields = []
        parser.first_field()
        while True:
            try:
                value = parser.get_field_str()
            except RuntimeError:  # auparse holds NULL (e.g. an unquoted, non-hex key=xyz)
                value = None
            fields.append([parser.get_field_name(), value])
            if not parser.next_field():
                break
        try:
            name = parser.get_type_name()
        except LookupError:  # a number auparse 3.0.9 has no name for (1020, 1399, 1425, ...)
            name = "UNKNOWN[%d]" % parser.get_type()
        print(json.dumps({"type": name, "type_number": parser.get_type(),
                          "serial": stamp.serial, "time": stamp.sec + stamp.milli / 1000.0,
                          "fields": fields}))
        if not parser.next_record():
            break
