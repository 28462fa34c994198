package dev.resilientshop.productpage;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientshop.productpage.stub.DownstreamStubResource;
import dev.resilientshop.productpage.stub.Stub;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(DownstreamStubResource.class)
class ProductImageTest {

    @Test
    void imageIsWellFormedSvgWithCacheHeadersAndNeedsNoService() throws Exception {
        Stub.reset();
        Stub.fail("inventory", 500);
        var response = given().when()
                .get("/img/CAM-0003.svg")
                .then()
                .statusCode(200)
                .contentType("image/svg+xml")
                .extract();
        assertThat(response.header("Cache-Control")).contains("max-age=86400");
        assertThat(response.header("ETag")).isNotBlank();
        var svg = response.asString();
        var doc = DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        assertThat(doc.getDocumentElement().getTagName()).isEqualTo("svg");
        assertThat(svg).contains("CAM-0003", "Cameras");
        Stub.reset();
    }

    @Test
    void theSameSkuAlwaysGetsTheSamePictureAndNeighboursDiffer() {
        var a = given().when()
                .get("/img/AUD-0001.svg")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        var again = given().when()
                .get("/img/AUD-0001.svg")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        var b = given().when()
                .get("/img/AUD-0002.svg")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(again).isEqualTo(a);
        assertThat(b).isNotEqualTo(a);
    }

    @Test
    void aRevalidationWithTheETagIsNotModified() {
        var etag = given().when()
                .get("/img/KIT-0010.svg")
                .then()
                .statusCode(200)
                .extract()
                .header("ETag");
        given().header("If-None-Match", etag)
                .when()
                .get("/img/KIT-0010.svg")
                .then()
                .statusCode(304);
    }

    @Test
    void unknownSkuHasNoImage() {
        given().when().get("/img/XYZ-0001.svg").then().statusCode(404);
    }
}
