#!/bin/bash
# A configuration of LINES lines (default 100000) that uses the whole
# zone-based firewall language, on stdout: parameter-maps, class-maps,
# policy-maps, zones, zone-pairs and interfaces (LINES/100 of each, at most
# 1,000), the rest ACL entries in 100 lists.  100,000 lines give the
# configuration tests/bench/config_load.sh has always timed.
set -eu
lines=${1:-100000}
awk -v total="$lines" 'BEGIN {
	n = int(total / 100)
	if (n > 1000)
		n = 1000
	npm = int(n / 5)
	print "hostname bench-fw"
	for (i = 0; i < npm; i++) {
		print "parameter-map type inspect pm" i
		print " audit-trail on"
		print " tcp idle-time " (600 + i)
		print " udp idle-time " (30 + i)
		print " sessions maximum " (10000 + i)
		print " max-incomplete high " (2000 + i)
	}
	for (i = 0; i < n; i++) {
		print "class-map type inspect match-any cm" i
		print " match protocol sip"
		print " match protocol tcp"
		print " match protocol udp"
		print " match access-group name acl" (i % 100)
	}
	for (i = 0; i < n; i++) {
		print "policy-map type inspect pol" i
		print " class type inspect cm" i
		print "  inspect pm" (i % npm)
		print " class type inspect cm" ((i + 1) % n)
		print "  pass"
		print " class class-default"
		print "  drop log"
	}
	for (i = 0; i < n; i++) {
		print "zone security z" i
		print " description zone number " i
	}
	for (i = 0; i < n; i++) {
		print "zone-pair security zp" i " source z" i " destination z" ((i + 1) % n)
		print " service-policy type inspect pol" i
	}
	for (i = 0; i < n; i++) {
		print "interface eth" i
		print " description port " i
		print " zone-member security z" i
		print "!"
	}
	used = 1 + npm * 6 + n * 5 + n * 7 + n * 2 + n * 2 + n * 4
	left = total - used
	per = int(left / 100)
	for (a = 0; a < 100; a++) {
		print "ip access-list extended acl" a
		left--
		for (e = 0; e < per - 1 && left > 0; e++) {
			printf " permit udp 10.%d.%d.0 0.0.0.255 host 192.0.2.%d eq %d\n", a, e % 256, e % 250 + 1, 1024 + e
			left--
		}
	}
	while (left-- > 0)
		print "!"
}'
