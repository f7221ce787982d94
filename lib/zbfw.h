/*
 * Transitional: the dataplane still reaches the daemon's state (dp->z);
 * this header goes once it is started with what it needs.  struct zbfw is
 * the daemon's (daemon/daemon.h); lib/ declares nothing of its own here.
 */
#ifndef ZB_ZBFW_H
#define ZB_ZBFW_H

#include "daemon/daemon.h"

#endif
