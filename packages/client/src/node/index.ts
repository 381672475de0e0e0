/** Node helpers of @pictor/client: save images to files and read input images from files. */
export { imageFromFile, saveImage } from "./files";
