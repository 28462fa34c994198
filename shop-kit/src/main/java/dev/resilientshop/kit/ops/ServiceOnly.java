package dev.resilientshop.kit.ops;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an endpoint that moves money or stock (charges, refunds, reservations and their
 * transitions): only another service of the shop may call it, with the
 * {@link ServiceCredential}; anyone else gets 401 ({@link ServiceCredentialFilter}). On a class,
 * it covers every method of that class.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface ServiceOnly {}
