package dev.stackd.controller.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One daemon per data dir: an exclusive lock on {@code <data-dir>/stackd.lock}, held for the daemon's life. Two
 * control loops on one store would fight over the same containers. The kernel drops the lock when the process
 * dies, even by kill -9, so a stale file never blocks a start; the pid written in it is only for the message.
 */
public final class DataDirLock implements AutoCloseable {
    public static final String FILE_NAME = "stackd.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private DataDirLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Creates the data dir (0700) when missing and locks it; refused, naming the holder's pid, when held. */
    public static DataDirLock acquire(Path dataDir) {
        var files = PrivateFiles.ofThisProcess();
        files.directory(dataDir);
        Path file = dataDir.resolve(FILE_NAME);
        files.file(file);
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException sameProcess) {
                lock = null;
            }
            if (lock == null) {
                throw new StoreException("the data dir " + dataDir + " is in use by another stackd (pid "
                        + holder(channel) + "): one stackd per data dir. Stop that one first, or give this one"
                        + " another --data-dir.");
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
            channel.force(false);
            return new DataDirLock(channel, lock);
        } catch (IOException e) {
            close(channel);
            throw new StoreException("cannot lock the data dir " + dataDir + " (" + file + "): " + e.getMessage(), e);
        } catch (RuntimeException e) {
            close(channel);
            throw e;
        }
    }

    /** The pid the holder wrote, or "unknown" when it has not written it yet. */
    private static String holder(FileChannel channel) throws IOException {
        var buffer = ByteBuffer.allocate(32);
        channel.read(buffer, 0);
        String pid = new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII).strip();
        return pid.matches("\\d+") ? pid : "unknown";
    }

    /** Lets the next daemon in. The file stays: removing it could let two daemons lock two different files. */
    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // the channel's close below releases it anyway
        }
        close(channel);
    }

    private static void close(FileChannel channel) {
        if (channel == null) return;
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing was written through it that matters
        }
    }
}
