package org.omnireward.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.omnireward.core.InvalidInputException;

/**
 * Decodes UTF-8 one physical line ({@code \n}-terminated) at a time and refuses bytes that are not
 * UTF-8 with an {@link InvalidInputException} naming the file and the exact line, where a plain
 * decoder would report the error only for a whole buffer. (A {@code \n} byte never occurs inside a
 * multi-byte UTF-8 sequence, so splitting there is safe.)
 */
public final class StrictUtf8Reader extends Reader {

    private final InputStream in;
    private final String name;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private final byte[] buf = new byte[1 << 16];
    private int pos;
    private int limit;
    private boolean eof;
    private long line;
    private CharBuffer current = CharBuffer.allocate(0);

    public StrictUtf8Reader(InputStream in, String name) {
        this.in = in;
        this.name = name;
    }

    @Override
    public int read(char[] cbuf, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (!current.hasRemaining()) {
            if (!nextLine()) {
                return -1;
            }
        }
        int n = Math.min(len, current.remaining());
        current.get(cbuf, off, n);
        return n;
    }

    private boolean nextLine() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        while (true) {
            if (pos == limit) {
                if (eof) {
                    break;
                }
                limit = in.read(buf);
                pos = 0;
                if (limit <= 0) {
                    limit = 0;
                    eof = true;
                    break;
                }
            }
            int start = pos;
            while (pos < limit && buf[pos] != '\n') {
                pos++;
            }
            if (pos < limit) {
                pos++; // include the line feed
                bytes.write(buf, start, pos - start);
                break;
            }
            bytes.write(buf, start, pos - start);
        }
        if (bytes.size() == 0) {
            return false;
        }
        line++;
        try {
            current = decoder.reset().decode(ByteBuffer.wrap(bytes.toByteArray()));
        } catch (CharacterCodingException e) {
            throw new InvalidInputException(
                    name + " line " + line + ": bytes that are not UTF-8; save the file as UTF-8");
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
