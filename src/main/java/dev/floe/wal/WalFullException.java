package dev.floe.wal;

import java.io.IOException;

/** The log holds {@code FLOE_WAL_MAX_BYTES}; nothing more is accepted until a commit frees room. */
public final class WalFullException extends IOException {
  WalFullException(String message) {
    super(message);
  }
}
