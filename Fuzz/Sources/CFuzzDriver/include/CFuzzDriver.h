#include <stddef.h>
#include <stdint.h>

// libFuzzer's driver (in the toolchain's libclang_rt.fuzzer, linked by -sanitize=fuzzer): each fuzzer's
// main calls it with its test function, since SwiftPM gives every executable its own main.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
