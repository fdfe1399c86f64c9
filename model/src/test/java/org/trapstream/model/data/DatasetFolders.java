package org.trapstream.model.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Dataset folders on disk for listing tests: the files are placeholders, since listing never decodes them. */
final class DatasetFolders {

    private DatasetFolders() {
    }

    /** Creates {@code root/dir} and a one-byte file for each name in it. */
    static void files(Path root, String dir, String... names) throws IOException {
        Path folder = Files.createDirectories(root.resolve(dir));
        for (String name : names) {
            Files.write(folder.resolve(name), new byte[] {1});
        }
    }

    /** {@code 000.jpg} to the {@code n}th. */
    static String[] numbered(int n) {
        String[] names = new String[n];
        for (int i = 0; i < n; i++) {
            names[i] = String.format("%03d.jpg", i);
        }
        return names;
    }
}
