package org.omnireward.core;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a package or type that is not part of the library's API: public only so the project's own
 * modules can share it, and free to change or go in any release without notice. Everything not
 * marked — the SPI in {@code org.omnireward.core}, the runtime's decorators, the providers' option
 * names, the data formats' readers and writers — is what users who embed the library may rely on.
 * {@code docs/architecture.md} lists which packages carry the mark.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.PACKAGE, ElementType.TYPE})
public @interface Internal {}
