package dev.resilientshop.productpage.recommendations;

import io.quarkus.qute.TemplateData;

@TemplateData
public record Recommendation(String sku, String name, String category, double score) {

    public String imageUrl() {
        return "/img/" + sku + ".svg";
    }
}
