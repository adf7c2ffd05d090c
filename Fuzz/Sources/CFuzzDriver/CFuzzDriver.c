// (Only the header: the driver itself is libFuzzer's.)
#include "CFuzzDriver.h"
