package dev.hookline.store;

import java.util.List;
import java.util.Optional;

/**
 * One page of a listing, newest first.
 *
 * @param items the items
 * @param nextCursor pass to the next query for the following page; absent on the last page
 * @param <T> the item type
 */
public record Page<T>(List<T> items, Optional<String> nextCursor) {
  /** Copies the list. */
  public Page {
    items = List.copyOf(items);
  }
}
