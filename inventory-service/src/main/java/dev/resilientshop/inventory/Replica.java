package dev.resilientshop.inventory;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Which replica this process is ({@code inventory-primary} or {@code inventory-secondary}); echoed in every answer. */
@ApplicationScoped
public class Replica {

    private final String name;

    public Replica(@ConfigProperty(name = "shop.instance") String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }
}
