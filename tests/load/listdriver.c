/* Stand-alone driver for `goescape list` until src/cmd wires it in. */
#include "load/load.h"

int main(int argc, char **argv) { return load_list_main(argc, argv); }
