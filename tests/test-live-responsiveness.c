int main (void) { return 99; } /* WIP */
