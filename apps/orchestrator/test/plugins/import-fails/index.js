throw new Error("boom: intentional import failure");
