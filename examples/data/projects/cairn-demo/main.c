#include <stdio.h>

int main(void)
{
    puts("hello from the backed-up project");
    return 0;
}
