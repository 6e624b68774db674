package io.spool.dispatcher.query;

import java.util.List;

/**
 * One page of a listing.
 *
 * @param items the items
 * @param nextCursor pass as {@code cursor} for the next page; {@code null} on the last page
 */
public record Page<T>(List<T> items, String nextCursor) {

}
