/* mem.c - memory straight from mmap(2), instead of malloc */
#include "mem.h"

#include <errno.h>
#include <stdint.h>
#include <sys/mman.h>

/* Each block starts with the length of its mapping; 16 bytes keep the
 * caller's part aligned for any type. */
#define HEADER 16

static size_t mapping_length(size_t size)
{
    size_t page = 4096;

    if (size > SIZE_MAX - HEADER - page)
        return 0;
    return (size + HEADER + page - 1) & ~(page - 1);
}

void *mem_alloc(size_t size)
{
    size_t length = mapping_length(size);
    char *base;

    if (!length) {
        errno = ENOMEM;
        return NULL;
    }
    base = mmap(NULL, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (base == MAP_FAILED) {
        errno = ENOMEM;
        return NULL;
    }
    *(size_t *)base = length;
    return base + HEADER;
}

void *mem_resize(void *block, size_t size)
{
    char *base = block ? (char *)block - HEADER : NULL;
    size_t length = mapping_length(size);

    if (!base)
        return mem_alloc(size);
    if (!length) {
        errno = ENOMEM;
        return NULL;
    }
    if (length == *(size_t *)base)
        return block;
    base = mremap(base, *(size_t *)base, length, MREMAP_MAYMOVE);
    if (base == MAP_FAILED) {
        errno = ENOMEM;
        return NULL;
    }
    *(size_t *)base = length;
    return base + HEADER;
}

void *mem_grow(void *block, size_t *size, size_t wanted)
{
    void *grown;

    if (wanted <= *size)
        return block;
    if (wanted < *size * 2)
        wanted = *size * 2;
    grown = mem_resize(block, wanted);
    if (grown)
        *size = wanted;
    return grown;
}

void mem_free(void *block)
{
    char *base;

    if (!block)
        return;
    base = (char *)block - HEADER;
    munmap(base, *(size_t *)base);
}
