"""The registry: residents (服务对象) and their needs."""
