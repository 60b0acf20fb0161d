/*
 * main.c - the zhiqian entry point: dispatches to the command table in cli/.
 */
#include "cli/cli.h"

int
main(int argc, char **argv)
{
    return cli_main(argc, argv);
}
