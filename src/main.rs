fn main() {
    std::process::exit(datamapper::cli::main());
}
