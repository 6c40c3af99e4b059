package io.ember.core.filter.keyset;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The key that signs keyset continuation tokens (HMAC-SHA256), so that a client can hand a token back
 * but cannot forge or alter one. Give every instance of an application the same key (from its
 * configuration or secret store), so a token issued by one instance is accepted by the others and
 * after a restart; {@link #random()} is for a single process (its tokens die with it).
 * Immutable and thread-safe.
 *
 * <pre>{@code
 * KeysetSigner signer = KeysetSigner.of(Base64.getDecoder().decode(System.getenv("EMBER_PAGE_KEY")));
 * var users = new UserRepository(ds, RepositorySettings.defaults().withKeysetSigner(signer));
 * }</pre>
 */
public final class KeysetSigner {

    /** The shortest key accepted, in bytes (128 bits). */
    public static final int MIN_KEY_BYTES = 16;

    private static final String ALGORITHM = "HmacSHA256";
    private static final KeysetSigner PROCESS = random();

    private final SecretKeySpec key;

    private KeysetSigner(byte[] key) {
        this.key = new SecretKeySpec(key, ALGORITHM);
    }

    /**
     * A signer with this key (copied).
     *
     * @throws IllegalArgumentException when the key is shorter than {@value #MIN_KEY_BYTES} bytes
     */
    public static KeysetSigner of(byte[] key) {
        Objects.requireNonNull(key, "key");
        if (key.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("a keyset signing key needs at least " + MIN_KEY_BYTES
                    + " bytes, was " + key.length);
        }
        return new KeysetSigner(Arrays.copyOf(key, key.length));
    }

    /** A signer with a fresh random 256-bit key: its tokens are valid in this process only. */
    public static KeysetSigner random() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return new KeysetSigner(key);
    }

    /**
     * The signer of repositories configured without one: a random key made once per process (a
     * token is refused by another instance of the application and after a restart).
     */
    public static KeysetSigner processDefault() {
        return PROCESS;
    }

    /** The HMAC-SHA256 of the parts, each length-prefixed, so that no two part lists sign alike. */
    byte[] sign(String... parts) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            for (String part : parts) {
                byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
                mac.update(new byte[] {(byte) (bytes.length >>> 24), (byte) (bytes.length >>> 16),
                        (byte) (bytes.length >>> 8), (byte) bytes.length});
                mac.update(bytes);
            }
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** Whether the signature is the parts' (compared in constant time). */
    boolean verify(byte[] signature, String... parts) {
        return MessageDigest.isEqual(sign(parts), signature);
    }

    @Override
    public String toString() {
        return "KeysetSigner[HmacSHA256]";
    }
}
