package nc.quota;

import org.jdbi.v3.core.Handle;

/** Counts an account's live resources of one type in a region, inside the caller's transaction. */
@FunctionalInterface
public interface UsageCounter {
    long count(Handle handle, String accountId, String regionId);
}
