package org.omnireward.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/** The rule CI relies on: absent material skips, unless required; unreadable material always fails. */
class SharedTestDataTest {

    @TempDir
    Path dir;

    @Test
    void absentMaterialSkipsWhenNotRequiredAndFailsWhenRequired() {
        assertThrows(TestAbortedException.class, () -> SharedTestData.require("T", Optional.empty(), false));
        AssertionFailedError e =
                assertThrows(AssertionFailedError.class, () -> SharedTestData.require("T", Optional.empty(), true));
        assertTrue(e.getMessage().contains(SharedTestData.REQUIRED_ENV), e.getMessage());
    }

    @Test
    void missingFileSkipsOrFailsByTheSameRule() {
        assertThrows(TestAbortedException.class, () -> SharedTestData.file("T", dir, "media/a.mp4", false));
        AssertionFailedError e =
                assertThrows(AssertionFailedError.class, () -> SharedTestData.file("T", dir, "media/a.mp4", true));
        assertTrue(e.getMessage().contains("media/a.mp4"), e.getMessage());
    }

    @Test
    void presentFilesAreReturned() throws Exception {
        Files.writeString(dir.resolve("README.md"), "shared");
        Files.writeString(dir.resolve("x.json"), "[]");
        assertEquals(dir, SharedTestData.require("T", Optional.of(dir), true));
        assertEquals(dir.resolve("x.json"), SharedTestData.file("T", dir, "x.json", true));
    }

    @Test
    void aFolderWhereAFileShouldBeFails() throws Exception {
        Files.createDirectories(dir.resolve("media/a.mp4"));
        assertThrows(AssertionFailedError.class, () -> SharedTestData.file("T", dir, "media/a.mp4", false));
    }

    @Test
    void unreadableMaterialFailsEvenWhenNotRequired() throws Exception {
        Path file = Files.writeString(dir.resolve("x.json"), "[]");
        Path readme = Files.writeString(dir.resolve("README.md"), "shared");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
        Files.setPosixFilePermissions(readme, PosixFilePermissions.fromString("---------"));
        assumeTrue(!Files.isReadable(file), "running as a user who reads every file (root)");
        assertThrows(AssertionFailedError.class, () -> SharedTestData.file("T", dir, "x.json", false));
        assertThrows(AssertionFailedError.class, () -> SharedTestData.require("T", Optional.of(dir), false));
    }

    @Test
    void theSwitchAcceptsTheUsualSpellings() {
        assertTrue(SharedTestData.isTrue("1"));
        assertTrue(SharedTestData.isTrue(" TRUE "));
        assertFalse(SharedTestData.isTrue("0"));
        assertFalse(SharedTestData.isTrue(null));
    }
}
