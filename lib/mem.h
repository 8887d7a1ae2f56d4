/* mem.h - memory straight from mmap(2), instead of malloc
 *
 * musl's malloc costs about 10 kB of a static binary that must hold every
 * applet in 80 kB, and initbox allocates little and rarely: buffers sized
 * at start-up, a few lists that grow. Each block here is a mapping of its
 * own, rounded up to whole pages, so it suits buffers and arrays, not many
 * small objects. A block grows in place when it can (mremap). */
#ifndef INITBOX_MEM_H
#define INITBOX_MEM_H

#include <stddef.h>

/* SIZE zero-filled bytes; NULL with errno ENOMEM. */
void *mem_alloc(size_t size);

/* BLOCK (may be NULL) resized to SIZE bytes, contents kept, new bytes
 * zero; it may move. NULL with errno ENOMEM, BLOCK then unchanged. */
void *mem_resize(void *block, size_t size);

/* BLOCK (may be NULL) of *SIZE bytes made to hold at least WANTED: at
 * least doubled when it grows, so that a buffer filled bit by bit is
 * resized a few times only; *SIZE is updated. NULL with errno ENOMEM,
 * BLOCK and *SIZE then unchanged. */
void *mem_grow(void *block, size_t *size, size_t wanted);

/* Give BLOCK back (NULL is fine). */
void mem_free(void *block);

#endif
